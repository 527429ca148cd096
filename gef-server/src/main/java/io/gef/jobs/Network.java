package io.gef.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}, or one address), as configured. */
record Network(byte[] prefix, int bits) {
    static Network parse(String cidr) {
        String s = cidr.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (!addr.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range");
        }
        byte[] b;
        try {
            b = InetAddress.getByName(addr).getAddress(); // a literal: no DNS lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range");
        }
        int bits = slash < 0 ? b.length * 8 : Integer.parseInt(s.substring(slash + 1));
        if (bits < 0 || bits > b.length * 8) {
            throw new IllegalArgumentException("'" + cidr + "' has a prefix length out of range");
        }
        return new Network(b, bits);
    }

    boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != prefix.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((b[i / 8] & mask) != (prefix[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
