package io.gef.services;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.jobs.ServiceLookup;
import io.gef.jobs.ServicePlan;
import io.gef.audit.AuditLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The catalog of published services, and the resolver jobs use: {@code name} (latest non-deprecated version),
 * {@code name:version}, or {@code host/repo@sha256:…}. Deprecated versions are hidden from listings but still
 * resolve by explicit version or digest, so old jobs can be replayed.
 */
public final class ServiceCatalog implements ServiceLookup {
    private static final Pattern DIGEST_REF = Pattern.compile(".+@(sha256:[a-f0-9]{64})");
    private final CatalogStore store;
    private final Clock clock;
    private final AuditLog audit;

    ServiceCatalog(CatalogStore store, Clock clock, AuditLog audit) {
        this.store = store;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * A catalog entry: a service with its latest version's description and interface. {@code name} is the id
     * requests use, {@code displayName} the name as its image's label writes it.
     */
    public record Entry(String name, String displayName, String latestVersion, String description, List<ServiceSpec.Input> inputs,
                        List<ServiceSpec.Output> outputs, List<Parameter> parameters, String license,
                        ServiceSpec.Hints resources) {
    }

    /** A version as {@code GET /api/services/{name}/versions/{version}} shows it. */
    public record VersionInfo(String name, String version, String digest, String image, String pinned,
                              Map<String, String> labels, long sizeBytes, String publisher,
                              java.time.Instant publishedAt, java.time.Instant deprecatedAt, ServiceSpec spec) {
        static VersionInfo of(PublishedVersion v) {
            return new VersionInfo(v.name(), v.version(), v.digest(), v.image(), v.pinned(), v.labels(),
                    v.sizeBytes(), v.publisher(), v.publishedAt(), v.deprecatedAt(), v.spec());
        }
    }

    public List<Entry> list(String query) {
        Map<String, PublishedVersion> latest = new LinkedHashMap<>();
        for (PublishedVersion v : store.all(false)) {
            latest.putIfAbsent(v.name(), v); // newest first per name
        }
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        return latest.values().stream().map(v -> {
            ServiceSpec s = v.spec();
            return new Entry(s.name(), s.displayName(), s.version(), s.description(), s.inputs(), s.outputs(), s.parameters(),
                    s.license(), s.resources());
        }).filter(e -> q.isEmpty() || e.name().contains(q) || e.displayName().toLowerCase(Locale.ROOT).contains(q)
                        || e.description().toLowerCase(Locale.ROOT).contains(q))
                .toList();
    }

    public List<VersionInfo> versions(String name) {
        List<VersionInfo> out = store.all(false).stream().filter(v -> v.name().equals(name))
                .map(VersionInfo::of).toList();
        if (out.isEmpty()) {
            throw new GefException(ErrorCode.SERVICE_NOT_FOUND, "no service " + name);
        }
        return out;
    }

    public VersionInfo version(String name, String version) {
        return store.get(name, version).map(VersionInfo::of)
                .orElseThrow(() -> new GefException(ErrorCode.SERVICE_NOT_FOUND, "no service " + name + ":" + version));
    }

    public void deprecate(Caller caller, String name, String version) {
        caller.require(Role.PUBLISHER);
        version(name, version);
        store.deprecate(name, version, clock.instant());
        audit.record(caller, "service.deprecated", name + ":" + version, Map.of());
    }

    @Override
    public ServicePlan resolve(String reference) {
        PublishedVersion v = find(reference);
        return v.spec().plan(v.pinned());
    }

    /** The version a reference names, or a 400 naming {@code service}. */
    public PublishedVersion find(String reference) {
        var m = DIGEST_REF.matcher(reference);
        if (m.matches()) {
            return store.byDigest(m.group(1)).filter(v -> v.pinned().equals(reference))
                    .orElseThrow(() -> unknown(reference));
        }
        int colon = reference.indexOf(':');
        if (colon > 0) {
            return store.get(reference.substring(0, colon), reference.substring(colon + 1))
                    .orElseThrow(() -> unknown(reference));
        }
        return store.latest(reference).orElseThrow(() -> unknown(reference));
    }

    private static GefException unknown(String reference) {
        return new GefException(ErrorCode.BAD_FIELD, "service: no published service " + reference);
    }
}
