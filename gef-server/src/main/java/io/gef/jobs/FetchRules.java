package io.gef.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an outbound fetch (a URL input) may reach, as an admin configured it: plain http only to {@code httpHosts},
 * private and other internal addresses only inside {@code allowedNetworks}, TLS trusting the JDK's CAs plus those in
 * {@code trustPem}, at most {@code maxBytes} and {@code timeout} per URL.
 */
public record FetchRules(Set<String> httpHosts, List<String> allowedNetworks, Optional<Path> trustPem,
                         long maxBytes, Duration timeout, int maxRedirects) {
    public FetchRules {
        httpHosts = httpHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        allowedNetworks = List.copyOf(allowedNetworks);
        allowedNetworks.forEach(Network::parse); // fails at start-up, not at the first fetch
    }

    /** The defaults: https only, public addresses only, the JDK's CAs. */
    public static FetchRules strict(long maxBytes) {
        return new FetchRules(Set.of(), List.of(), Optional.empty(), maxBytes, Duration.ofMinutes(10), 5);
    }

    /** From comma-separated configuration values; blank means none. */
    public static FetchRules of(String httpHosts, String allowedNetworks, String trustPem, long maxBytes,
                                long timeoutSeconds) {
        return new FetchRules(Set.copyOf(split(httpHosts)), split(allowedNetworks),
                trustPem.isBlank() ? Optional.empty() : Optional.of(Path.of(trustPem)), maxBytes,
                Duration.ofSeconds(timeoutSeconds), 5);
    }

    private static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    AddressGuard guard() {
        return new AddressGuard(allowedNetworks.stream().map(Network::parse).toList());
    }

    boolean httpAllowed(String host) {
        return httpHosts.contains(host.toLowerCase(Locale.ROOT));
    }
}
