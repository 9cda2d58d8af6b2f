package io.portcullis.policy.rate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String resolve(String peer, List<String> forwardedFor, int numProxies) {
        return ClientAddress.resolve(peer == null ? null : ip(peer), forwardedFor, numProxies)
                .map(ClientAddress::toString).orElse("none");
    }

    @Test
    void resolveWhenNoProxiesThenSocketPeerWhateverTheHeaderSays() {
        assertThat(resolve("198.51.100.9", List.of("203.0.113.7, 10.0.0.1"), 0)).isEqualTo("198.51.100.9");
    }

    @Test
    void resolveWhenNoForwardedForThenSocketPeer() {
        assertThat(resolve("198.51.100.9", List.of(), 2)).isEqualTo("198.51.100.9");
    }

    @Test
    void resolveWhenNoPeerThenEmpty() {
        assertThat(resolve(null, List.of(), 0)).isEqualTo("none");
    }

    @ParameterizedTest(name = "{0} proxies: {1}")
    @CsvSource(delimiter = '|', value = {
            "1 | 192.0.2.3",
            "2 | 192.0.2.2",
            "3 | 192.0.2.1",
            "4 | 192.0.2.1",
    })
    void resolveWhenKProxiesThenKthAddressFromTheRightOrTheLeftmost(int numProxies, String expected) {
        assertThat(resolve("10.0.0.1", List.of("192.0.2.1, 192.0.2.2,192.0.2.3"), numProxies)).isEqualTo(expected);
    }

    @Test
    void resolveWhenSeveralHeaderLinesThenTheyAreOneList() {
        assertThat(resolve("10.0.0.1", List.of("192.0.2.1, 192.0.2.2", "192.0.2.3"), 2)).isEqualTo("192.0.2.2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown", "localhost", "example.com", "999.1.1.1", "1.2.3", "'' ", "::g", "fe80::1%eth0",
            "2001:db8::1::2", "_hidden",
    })
    void resolveWhenTheChosenEntryIsNotAnIpLiteralThenSocketPeer(String entry) {
        assertThat(resolve("10.0.0.1", List.of("192.0.2.1, " + entry), 1)).isEqualTo("10.0.0.1");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "203.0.113.7 | 203.0.113.7",
            "203.0.113.7:4711 | 203.0.113.7",
            "2001:DB8:0:0:0:0:0:1 | 2001:db8::1",
            "[2001:db8::1] | 2001:db8::1",
            "[2001:db8::1]:443 | 2001:db8::1",
            "::ffff:192.0.2.1 | 192.0.2.1",
            "::1 | ::1",
    })
    void parseWhenIpLiteralThenCanonicalAddress(String text, String expected) {
        assertThat(ClientAddress.parse(text).map(ClientAddress::toString)).contains(expected);
    }

    @Test
    void parseWhenTooLongThenEmpty() {
        assertThat(ClientAddress.parse("1".repeat(65))).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "203.0.113.7 | 203.0.113.7",
            "2001:db8:1:2:3:4:5:6 | 2001:db8:1:2::/64",
            "2001:db8:1:2:ffff:ffff:ffff:ffff | 2001:db8:1:2::/64",
            "2001:db8:1:3::1 | 2001:db8:1:3::/64",
            "::1 | ::/64",
            "::ffff:192.0.2.1 | 192.0.2.1",
    })
    void identWhenIpv6ThenTheSlash64(String text, String expected) {
        assertThat(ClientAddress.parse(text).orElseThrow().ident()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0:0:0:0:0:0:0:0 | ::",
            "2001:db8:0:0:1:0:0:1 | 2001:db8::1:0:0:1",
            "2001:0:0:1:0:0:0:1 | 2001:0:0:1::1",
            "1:0:1:0:1:0:1:0 | 1:0:1:0:1:0:1:0",
            "fe80:0:0:0:0:0:0:1%2 | fe80::1",
    })
    void compressWhenZeroGroupsThenLongestRunBecomesDoubleColon(String full, String expected) {
        assertThat(ClientAddress.compress(full)).isEqualTo(expected);
    }
}
