package dev.switchboard.llm.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Keeps organizations' LLM endpoints off the engine's own network: a host is refused when any address it resolves
 * to is loopback, link-local (cloud metadata services live there), private (RFC 1918, RFC 6598, IPv6 unique local),
 * unspecified or multicast; IPv4 addresses embedded in IPv6 ones are checked as IPv4. The same rules as the
 * notifications bundle's webhook check. Checked when settings are saved and again before every call; the HTTP
 * client resolves once more to connect, so a DNS answer that changes in between (rebinding) is not caught.
 */
final class PrivateAddresses {

    private PrivateAddresses() {
    }

    /** Why {@code host} may not be called, or empty when every address it resolves to is public. */
    static Optional<String> problem(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                return Optional.of("the host " + host + " resolves to a loopback, link-local or private address;"
                        + " the deployment allows that only with " + LlmConstants.ALLOW_PRIVATE_ENDPOINTS
                        + " = true in etc/" + LlmConstants.PID + ".cfg");
            }
        }
        return Optional.empty();
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPrivateIpv4(bytes, 0);
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7 unique local
            }
            if (embedsIpv4(bytes)) {
                return isPrivateIpv4(bytes, 12);
            }
        }
        return false;
    }

    /** 0.0.0.0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16, 224/4 and above. */
    private static boolean isPrivateIpv4(byte[] bytes, int offset) {
        int a = bytes[offset] & 0xff;
        int b = bytes[offset + 1] & 0xff;
        return a == 0 || a == 10 || a == 127 || a >= 224
                || (a == 100 && b >= 64 && b <= 127)
                || (a == 169 && b == 254)
                || (a == 172 && b >= 16 && b <= 31)
                || (a == 192 && b == 168);
    }

    /** ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible) and 64:ff9b::a.b.c.d (NAT64). */
    private static boolean embedsIpv4(byte[] bytes) {
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
