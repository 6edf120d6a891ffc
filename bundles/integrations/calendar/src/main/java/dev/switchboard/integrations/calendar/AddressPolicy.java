package dev.switchboard.integrations.calendar;

import dev.switchboard.spi.PublicAddresses;
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

    /** Public unicast addresses only: {@link PublicAddresses}, the SPI's one check. */
    static boolean isPublic(InetAddress address) {
        return PublicAddresses.isPublic(address);
    }
}
