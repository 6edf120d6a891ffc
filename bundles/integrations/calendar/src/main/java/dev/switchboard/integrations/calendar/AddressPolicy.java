package dev.switchboard.integrations.calendar;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a feed may be fetched from. The default refuses everything that is not a public unicast
 * address, so that a feed URL cannot make the engine call itself, its database, a cloud metadata service or
 * anything else on the internal network (server-side request forgery).
 */
@FunctionalInterface
interface AddressPolicy {

    /** Whether {@code address}, one of the addresses {@code host} resolved to, may be connected to. */
    boolean allows(String host, InetAddress address);

    /** Every address allowed (tests, on-premises deployments whose calendars live on the internal network). */
    AddressPolicy ANY = (host, address) -> true;

    /** Only public unicast addresses. */
    AddressPolicy PUBLIC_ONLY = (host, address) -> isPublic(address);

    /**
     * Refuses loopback, "this network" (0.0.0.0/8, ::), link-local, site-local and private (10/8, 172.16/12,
     * 192.168/16, fec0::/10), unique-local IPv6 (fc00::/7), carrier-grade NAT (100.64/10), multicast,
     * benchmarking (198.18/15), IETF protocol assignments (192.0.0/24), documentation and reserved (240/4)
     * ranges; IPv6 forms that embed an IPv4 address (IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) are
     * judged by that address.
     */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(bytes);
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
                return isPublicV4(new byte[] {bytes[2], bytes[3], bytes[4], bytes[5]}); // 6to4
            }
            boolean zeroPrefix = true;
            for (int i = 0; i < 12; i++) {
                zeroPrefix &= bytes[i] == 0;
            }
            boolean nat64 = (bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                    && (bytes[3] & 0xff) == 0x9b;
            for (int i = 4; nat64 && i < 12; i++) {
                nat64 = bytes[i] == 0;
            }
            if (zeroPrefix || nat64) {
                return isPublicV4(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224
                || (a0 == 100 && a1 >= 64 && a1 <= 127)
                || (a0 == 169 && a1 == 254)
                || (a0 == 172 && a1 >= 16 && a1 <= 31)
                || (a0 == 192 && a1 == 168)
                || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))
                || (a0 == 198 && (a1 == 18 || a1 == 19))
                || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113));
    }
}
