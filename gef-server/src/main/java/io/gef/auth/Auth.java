package io.gef.auth;

import io.gef.audit.AuditLog;
import io.gef.store.DurableFiles;
import io.gef.store.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth capability, assembled. {@link #bootstrap()} is the explicit start-up step: on the first start it
 * creates the {@code admin} user and writes its token to {@code <data>/admin.token} (mode 600).
 */
public final class Auth {
    private static final Logger log = LoggerFactory.getLogger(Auth.class);

    /**
     * {@code mode} is "token" or "none" (development only, on 127.0.0.1: every caller is the admin); {@code oidc}
     * is the optional external OpenID Connect issuer.
     */
    public record Settings(String mode, String issuer, String audience, int failedPerMinute, int tokensPerMinute,
                           String bindHost, Optional<OidcSettings> oidc) {
    }

    private final ServerKeys keys;
    private final Users users;
    private final Authenticator authenticator;
    private final Path dataDir;
    private final Settings settings;
    private final Clock clock;

    private Auth(ServerKeys keys, Users users, Authenticator authenticator, Path dataDir, Settings settings,
                 Clock clock) {
        this.clock = clock;
        this.keys = keys;
        this.users = users;
        this.authenticator = authenticator;
        this.dataDir = dataDir;
        this.settings = settings;
    }

    public static Auth create(DataSource ds, Path dataDir, Settings s, Clock clock) {
        if (!s.mode().equals("token") && !s.mode().equals("none")) {
            throw new io.gef.config.ConfigException("gef.auth.mode must be 'token' or 'none', got '" + s.mode() + "'");
        }
        if (s.mode().equals("none") && !s.bindHost().equals("127.0.0.1")) {
            throw new io.gef.config.ConfigException("gef.auth.mode=none is only allowed with gef.http.host=127.0.0.1");
        }
        ServerKeys keys = ServerKeys.loadOrCreate(dataDir.resolve("keys"));
        AuthStore store = new AuthStore(new Sql(ds));
        OidcAuthenticator external = s.oidc().map(o -> new OidcAuthenticator(OidcVerifier.create(o, clock),
                new OidcRoles(o.rolesClaim(), o.defaultRole()), new OidcIdentities(store, clock))).orElse(null);
        s.oidc().ifPresent(o -> log.info("also accepting tokens of OpenID Connect issuer {} (keys from {}, audience"
                + " {}, roles from claim '{}')", o.issuer(), o.jwksUrl(), o.audience(), o.rolesClaim()));
        var tokens = new TokenAuthenticator(keys, store, s.issuer(), s.audience(),
                new RateLimiter(s.failedPerMinute(), clock), clock, external);
        Users users = new Users(store, tokens, new RateLimiter(s.tokensPerMinute(), clock), clock,
                new AuditLog(ds, clock));
        Authenticator auth = tokens;
        if (s.mode().equals("none")) {
            auth = (header, ip) -> users.byName("admin").map(User::caller).orElseThrow();
        }
        return new Auth(keys, users, auth, dataDir, s, clock);
    }

    /** Creates the admin and its token on the first start; later starts change nothing. */
    public Auth bootstrap() {
        if (settings.mode().equals("none")) {
            log.warn("AUTHENTICATION IS OFF (gef.auth.mode=none): every request acts as admin. Development only.");
        }
        Optional<User> existing = users.byName("admin");
        if (existing.isPresent() && Files.exists(dataDir.resolve("admin.token"))) {
            return this;
        }
        // no token file for an existing admin: the previous start died between storing the admin and writing
        // the file (or someone removed it); whoever can write the data directory owns the server anyway
        User admin = existing.orElseGet(() -> users.insert(new User("usr-" + Users.random(8), "admin",
                Set.of(Role.ADMIN), clock.instant())));
        IssuedToken t = users.issue(admin.id(), "bootstrap admin token", 365);
        writeSecret(dataDir.resolve("admin.token"), t.token());
        log.info("created user 'admin'; its token (shown once) is in {}:\n{}", dataDir.resolve("admin.token"),
                t.token());
        return this;
    }

    private static void writeSecret(Path file, String secret) {
        try {
            DurableFiles.write(file, (secret + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public ServerKeys keys() {
        return keys;
    }

    public Users users() {
        return users;
    }

    public Authenticator authenticator() {
        return authenticator;
    }
}
