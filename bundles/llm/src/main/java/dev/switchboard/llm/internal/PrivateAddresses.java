package dev.switchboard.llm.internal;

import dev.switchboard.spi.PublicAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Keeps organizations' LLM endpoints off the engine's own network: a host is refused when any address it resolves
 * to is loopback, link-local (cloud metadata services live there), private (RFC 1918, RFC 6598, IPv6 unique local),
 * unspecified, multicast, documentation or reserved, as {@link PublicAddresses} (the SPI's one check) says. Checked when settings are saved and again before every call; the HTTP
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
        return !PublicAddresses.isPublic(address);
    }
}
