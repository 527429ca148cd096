package io.gef.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gef.testing.LoopbackHttps;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile URL can make the server connect to: against a real HTTPS server on loopback with a self-signed
 * certificate that the rules trust, and a resolver hook playing a hostile DNS.
 */
class UrlFetcherSsrfTest {
    @TempDir
    static Path certs;
    @TempDir
    Path dir;
    private static LoopbackHttps https;
    private static final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void resetCount() {
        hits.set(0);
    }

    @BeforeAll
    static void start() {
        // one server for the class: making its key with keytool takes seconds
        https = new LoopbackHttps(certs).serve("/data", "ok\n".getBytes(StandardCharsets.UTF_8));
        https.handle("/count", ex -> {
            hits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        https.handle("/slow", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
    }

    @AfterAll
    static void stop() {
        https.close();
    }

    /** Loopback allowed (the test server lives there) and its certificate trusted. */
    private FetchRules loopbackAllowed(Set<String> httpHosts) {
        return loopbackAllowed(httpHosts, Duration.ofSeconds(30));
    }

    private FetchRules loopbackAllowed(Set<String> httpHosts, Duration timeout) {
        return new FetchRules(httpHosts, List.of("127.0.0.1/32"), Optional.of(https.pem), 1 << 20, timeout, 3);
    }

    private UrlFetcher fetcher(FetchRules rules, UrlFetcher.Resolver dns) {
        return new UrlFetcher(rules, rules.guard(), dns);
    }

    @Test
    void httpsToAnAllowedHostWithATrustedCertificate_fetches() throws Exception {
        var f = new UrlFetcher(loopbackAllowed(Set.of())).fetch(https.base() + "/data", dir.resolve("x"), b -> { });
        assertThat(f.bytes()).isEqualTo(3);
    }

    @Test
    void aCertificateNobodyTrusts_isRefused() {
        var rules = new FetchRules(Set.of(), List.of("127.0.0.1/32"), Optional.empty(), 1 << 20,
                Duration.ofSeconds(5), 3);
        assertThatThrownBy(() -> new UrlFetcher(rules).fetch(https.base() + "/count", dir.resolve("x"), b -> { }))
                .isInstanceOf(javax.net.ssl.SSLException.class);
        assertThat(hits).as("requests the server answered").hasValue(0);
    }

    @Test
    void loopbackWithoutAdminPermission_isRefusedBeforeConnecting() {
        var strict = new FetchRules(Set.of(), List.of(), Optional.of(https.pem), 1 << 20, Duration.ofSeconds(5), 3);
        assertThatThrownBy(() -> new UrlFetcher(strict).fetch(https.base() + "/count", dir.resolve("x"), b -> { }))
                .isInstanceOf(UrlFetcher.FetchException.class).hasMessageContaining("a loopback address");
        assertThat(hits).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/", "https://127.1.2.3/", "https://[::1]/", "https://[::ffff:127.0.0.1]/",
            "https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/", "https://172.16.5.4/",
            "https://192.168.1.1/", "https://100.64.0.1/", "https://0.0.0.0/", "https://[fd00::1]/",
            "https://[fe80::1]/", "https://224.0.0.1/", "https://localhost/", "https://2130706433/"})
    void internalAddresses_areRefusedAtSubmission(String url) {
        UrlFetcher strict = new UrlFetcher(FetchRules.strict(1 << 20));
        assertThatThrownBy(() -> strict.check(url)).isInstanceOf(UrlFetcher.FetchException.class)
                .hasMessageContaining("is refused");
    }

    @Test
    void plainHttp_isRefusedUnlessTheHostIsAllowed() throws Exception {
        UrlFetcher strict = new UrlFetcher(FetchRules.strict(1 << 20));
        assertThatThrownBy(() -> strict.check("http://example.org/data.csv"))
                .isInstanceOf(UrlFetcher.FetchException.class).hasMessageContaining("plain http is refused");
        UrlFetcher allowing = fetcher(new FetchRules(Set.of("example.org"), List.of(), Optional.empty(), 1, Duration
                .ofSeconds(1), 3), h -> List.of(InetAddress.getByName("93.184.215.14")));
        allowing.check("http://example.org/data.csv");
    }

    @Test
    void aDnsNameResolvingToAPrivateAddress_isRefused() {
        UrlFetcher f = fetcher(FetchRules.strict(1 << 20), h -> List.of(InetAddress.getByName("8.8.8.8"),
                InetAddress.getByName("10.1.2.3")));
        assertThatThrownBy(() -> f.check("https://files.test/x")).isInstanceOf(UrlFetcher.FetchException.class)
                .hasMessageContaining("files.test resolves to 10.1.2.3, a private address");
    }

    @Test
    void theAddressCheckedIsTheAddressConnected_soRebindingCannotSwitchIt() throws Exception {
        // a rebinding DNS answers an allowed address first and an internal one afterwards: it is asked once a hop
        AtomicInteger lookups = new AtomicInteger();
        UrlFetcher f = fetcher(loopbackAllowed(Set.of()), h -> List.of(InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.9.9.9")));
        f.fetch("https://rebind.test:" + https.port() + "/count", dir.resolve("x"), b -> { });
        assertThat(lookups).as("DNS lookups for one hop").hasValue(1);
        assertThat(hits).hasValue(1);
    }

    @Test
    void aRedirectIntoAPrivateRange_isRefusedBeforeConnecting() {
        https.redirect("/to-metadata", "https://169.254.169.254/latest/meta-data/");
        assertThatThrownBy(() -> new UrlFetcher(loopbackAllowed(Set.of())).fetch(https.base() + "/to-metadata",
                dir.resolve("x"), b -> { })).isInstanceOf(UrlFetcher.FetchException.class)
                .hasMessageContaining("169.254.169.254").hasMessageContaining("link-local");
    }

    @Test
    void aRedirectFromHttpsToHttp_isRefusedEvenToAnHttpHost() {
        https.redirect("/down", "http://127.0.0.1:" + https.port() + "/count");
        assertThatThrownBy(() -> new UrlFetcher(loopbackAllowed(Set.of("127.0.0.1"))).fetch(https.base() + "/down",
                dir.resolve("x"), b -> { })).isInstanceOf(UrlFetcher.FetchException.class)
                .hasMessageContaining("from https to plain http");
        assertThat(hits).hasValue(0);
    }

    @Test
    void aServerTooSlow_failsNamingTheTimeLimit() {
        UrlFetcher impatient = new UrlFetcher(loopbackAllowed(Set.of(), Duration.ofSeconds(1)));
        assertThatThrownBy(() -> impatient.fetch(https.base() + "/slow", dir.resolve("x"), b -> { }))
                .isInstanceOf(UrlFetcher.FetchException.class).hasMessageContaining("time limit of 1 s");
        assertThat(dir.resolve("x")).doesNotExist();
    }
}
