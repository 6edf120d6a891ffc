package dev.switchboard.notifications.internal;

import dev.switchboard.spi.PublicAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Keeps webhooks off the engine's own network: a host is refused when any address it resolves to is loopback,
 * link-local (cloud metadata services live there), private (RFC 1918, RFC 6598 shared space, IPv6 unique local),
 * unspecified or multicast. IPv4 addresses embedded in IPv6 ones (mapped, compatible, NAT64) are checked as IPv4.
 *
 * <p>The check runs at delivery time, right before the request; the HTTP client resolves the host once more to
 * connect, so a DNS answer that changes in between (rebinding) is not caught.
 */
final class Destinations {

    /** Resolves a host name to every address it has; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;

    Destinations(Resolver resolver) {
        this.resolver = resolver;
    }

    /** @throws DeliveryFailedException when the host does not resolve or any of its addresses is not public */
    void requirePublic(String host) throws DeliveryFailedException {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new DeliveryFailedException("the webhook host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                throw new DeliveryFailedException("the webhook host " + host + " resolves to a loopback, link-local"
                        + " or private address (" + address.getHostAddress() + "); set "
                        + NotificationsConstants.ALLOW_PRIVATE_ADDRESSES + " = true in etc/"
                        + NotificationsConstants.PID + ".cfg to allow it");
            }
        }
    }

    static boolean isPrivate(InetAddress address) {
        return !PublicAddresses.isPublic(address);
    }
}
