package dev.switchboard.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicAddressesTest {

    @Test
    void internalReservedAndSpecialAddressesAreNotPublic() throws UnknownHostException {
        for (String address : List.of("127.0.0.1", "127.8.9.10", "::1", "0.0.0.0", "0.1.2.3", "::", "10.1.2.3",
                "172.16.0.1", "172.31.255.254", "192.168.1.1", "169.254.169.254", "fe80::1", "fec0::1", "fd00::1",
                "fc12::7", "100.64.0.1", "100.127.255.255", "224.0.0.1", "ff02::1", "240.0.0.1", "255.255.255.255",
                "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.19.255.1", "198.51.100.7", "203.0.113.9", "2001:db8::1",
                "::ffff:10.0.0.1", "::10.0.0.1", "64:ff9b::a00:1", "64:ff9b::7f00:1", "2002:a00:1::1", "2002:7f00:1::")) {
            assertFalse(PublicAddresses.isPublic(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void publicUnicastAddressesArePublic() throws UnknownHostException {
        for (String address : List.of("93.184.215.14", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1",
                "100.63.0.1", "192.169.0.1", "192.0.1.1", "198.20.0.1", "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
                "2001:4860:4860::8888", "64:ff9b::808:808", "2002:808:808::1")) {
            assertTrue(PublicAddresses.isPublic(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void anIpv4MappedIpv6AddressIsJudgedByItsIpv4Address() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        // getByAddress(host, bytes, scope) keeps the IPv6 form that InetAddress.getByName would convert
        assertFalse(PublicAddresses.isPublic(Inet6Address.getByAddress(null, mapped, -1)));
        mapped[12] = 8;
        mapped[13] = 8;
        mapped[14] = 8;
        mapped[15] = 8;
        assertTrue(PublicAddresses.isPublic(Inet6Address.getByAddress(null, mapped, -1)));
    }
}
