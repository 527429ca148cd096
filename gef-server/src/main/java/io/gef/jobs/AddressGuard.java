package io.gef.jobs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which addresses an outbound fetch may connect to. A user names the URL, so without this the server would fetch
 * its own API, the registry, an engine's TCP port or a cloud metadata service for them (SSRF). Refused unless an
 * admin allowed the range: loopback, link-local (169.254/16 is where metadata services live), private, carrier-grade
 * NAT, unique-local IPv6, multicast, the unspecified and broadcast addresses, and every address of this machine.
 */
final class AddressGuard {
    private static final List<Network> SPECIAL = List.of(Network.parse("0.0.0.0/8"), Network.parse("100.64.0.0/10"),
            Network.parse("192.0.0.0/24"), Network.parse("198.18.0.0/15"), Network.parse("240.0.0.0/4"),
            Network.parse("fc00::/7"), Network.parse("64:ff9b::/96"));
    private final List<Network> allowed;
    private final Set<InetAddress> own;

    AddressGuard(List<Network> allowed) {
        this(allowed, ownAddresses());
    }

    AddressGuard(List<Network> allowed, Set<InetAddress> own) {
        this.allowed = List.copyOf(allowed);
        this.own = Set.copyOf(own);
    }

    /** Why GEF must not connect to {@code a}, or null when it may. */
    String refusal(InetAddress a) {
        InetAddress x = unmapped(a);
        if (allowed.stream().anyMatch(n -> n.contains(x))) {
            return null;
        }
        if (x.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (x.isLinkLocalAddress()) {
            return "a link-local address (cloud metadata services live there)";
        }
        if (x.isSiteLocalAddress()) {
            return "a private address";
        }
        if (x.isMulticastAddress()) {
            return "a multicast address";
        }
        if (x.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (own.contains(x)) {
            return "an address of the GEF server itself";
        }
        if (SPECIAL.stream().anyMatch(n -> n.contains(x))) {
            return "a reserved or private address range";
        }
        return null;
    }

    /** An IPv4 address written as IPv6 ({@code ::ffff:10.0.0.1}, {@code ::10.0.0.1}) is judged as IPv4. */
    private static InetAddress unmapped(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean zeros = true;
            for (int i = 0; i < 10; i++) {
                zeros &= b[i] == 0;
            }
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            boolean compat = b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
            if (zeros && (mapped || compat)) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return a;
    }

    private static Set<InetAddress> ownAddresses() {
        Set<InetAddress> out = new HashSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.addAll(Collections.list(nif.getInetAddresses()));
            }
        } catch (SocketException e) {
            // without the list, loopback and private ranges are still refused
        }
        return out;
    }
}
