package io.portcullis.gateway.throttle;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class ClientIpsTest {

    private static MockServerHttpRequest.BaseBuilder<?> from(String peer) {
        return MockServerHttpRequest.get("/x").remoteAddress(new InetSocketAddress(peer, 40000));
    }

    @Test
    void ofWhenNoProxiesThenSocketPeerWhateverTheHeaders() {
        MockServerHttpRequest request = from("198.51.100.9").header("X-Forwarded-For", "192.0.2.1")
                .header("X-Real-IP", "192.0.2.2").header("Forwarded", "for=192.0.2.3").build();

        assertThat(ClientIps.of(request, 0)).isEqualTo("198.51.100.9");
    }

    @Test
    void ofWhenOneProxyThenTheRightmostForwardedFor() {
        MockServerHttpRequest request = from("10.0.0.1").header("X-Forwarded-For", "192.0.2.1, 192.0.2.2").build();

        assertThat(ClientIps.of(request, 1)).isEqualTo("192.0.2.2");
    }

    @Test
    void ofWhenProxiesButOnlyXRealIpThenSocketPeer() {
        MockServerHttpRequest request = from("10.0.0.1").header("X-Real-IP", "192.0.2.2").build();

        assertThat(ClientIps.of(request, 1)).isEqualTo("10.0.0.1");
    }

    @Test
    void ofWhenNoPeerThenUnknown() {
        assertThat(ClientIps.of(MockServerHttpRequest.get("/x").build(), 0)).isEqualTo("unknown");
    }

    @Test
    void identWhenIpv6PeerThenItsSlash64() {
        assertThat(ClientIps.ident(from("2001:db8:7:8:9:a:b:c").build(), 0)).isEqualTo("2001:db8:7:8::/64");
    }

    @Test
    void identWhenTextIsNotAnIpThenUnknown() {
        assertThat(ClientIps.ident("not-an-ip")).isEqualTo("unknown");
        assertThat(ClientIps.ident((String) null)).isEqualTo("unknown");
    }
}
