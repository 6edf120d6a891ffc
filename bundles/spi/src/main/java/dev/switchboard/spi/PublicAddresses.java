package dev.switchboard.spi;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses the engine and its plugins may call on a caller's behalf (a webhook target, an organization's
 * LLM endpoint, a calendar feed): public unicast addresses only, so that a URL someone enters cannot make the
 * engine call itself, its database, a cloud metadata service or anything else on the internal network
 * (server-side request forgery). Check every address a host resolves to, and again after each redirect; the
 * HTTP client resolves once more to connect, so a DNS answer that changes in between is not caught here.
 *
 * @since 1.1.0
 */
public final class PublicAddresses {

    private PublicAddresses() {
    }

    /**
     * Whether {@code address} is public. Refused: loopback, "this network" (0.0.0.0/8, ::), link-local, site-local
     * and private (10/8, 172.16/12, 192.168/16, fec0::/10), unique-local IPv6 (fc00::/7), carrier-grade NAT
     * (100.64/10), multicast, benchmarking (198.18/15), IETF protocol assignments (192.0.0/24), documentation
     * (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32) and reserved (240/4) ranges. IPv6 forms that embed an
     * IPv4 address (mapped, compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that address.
     */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(bytes, 0);
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            if (first == 0x20 && (bytes[1] & 0xff) == 0x01 && (bytes[2] & 0xff) == 0x0d && (bytes[3] & 0xff) == 0xb8) {
                return false; // documentation 2001:db8::/32
            }
            if (first == 0x20 && (bytes[1] & 0xff) == 0x02) {
                return isPublicV4(bytes, 2); // 6to4
            }
            if (embedsIpv4AtTheEnd(bytes)) {
                return isPublicV4(bytes, 12);
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] bytes, int offset) {
        int a = bytes[offset] & 0xff;
        int b = bytes[offset + 1] & 0xff;
        int c = bytes[offset + 2] & 0xff;
        return !(a == 0 || a == 10 || a == 127 || a >= 224
                || (a == 100 && b >= 64 && b <= 127)
                || (a == 169 && b == 254)
                || (a == 172 && b >= 16 && b <= 31)
                || (a == 192 && b == 168)
                || (a == 192 && b == 0 && (c == 0 || c == 2))
                || (a == 198 && (b == 18 || b == 19))
                || (a == 198 && b == 51 && c == 100)
                || (a == 203 && b == 0 && c == 113));
    }

    /** ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible) and 64:ff9b::a.b.c.d (NAT64). */
    private static boolean embedsIpv4AtTheEnd(byte[] bytes) {
        boolean zeroTo10 = true;
        for (int i = 0; i < 10; i++) {
            zeroTo10 &= bytes[i] == 0;
        }
        boolean mapped = zeroTo10 && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
        boolean compatible = zeroTo10 && bytes[10] == 0 && bytes[11] == 0;
        boolean nat64 = (bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                && (bytes[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = bytes[i] == 0;
        }
        return mapped || compatible || nat64;
    }
}
