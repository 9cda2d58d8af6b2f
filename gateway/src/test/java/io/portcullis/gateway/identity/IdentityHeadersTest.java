package io.portcullis.gateway.identity;

import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.IdentitySettings;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityHeadersTest {

    @Test
    void rewriteWhenValueHasCommasThenForwardedAsReceived() {
        HttpHeaders incoming = new HttpHeaders();
        incoming.add("If-Modified-Since", "Wed, 21 Oct 2015 07:28:00 GMT");
        incoming.add("Accept", "text/html, application/json");

        HttpHeaders upstream = IdentityHeaders.rewrite(incoming, Identity.ANONYMOUS, IdentitySettings.DEFAULTS);

        assertThat(upstream.get("If-Modified-Since")).containsExactly("Wed, 21 Oct 2015 07:28:00 GMT");
        assertThat(upstream.get("Accept")).containsExactly("text/html, application/json");
    }

    @Test
    void rewriteWhenProxyConnectionSentThenRemovedInEverySpelling() {
        HttpHeaders incoming = new HttpHeaders();
        incoming.add("Proxy-Connection", "keep-alive");
        incoming.add("proxy_connection", "close");

        HttpHeaders upstream = IdentityHeaders.rewrite(incoming, Identity.ANONYMOUS, IdentitySettings.DEFAULTS);

        assertThat(upstream.headerNames()).noneMatch(name -> IdentityHeaders.canonical(name).equals("proxy-connection"));
    }

    @Test
    void rewriteWhenHeaderRepeatedThenEveryFieldForwarded() {
        HttpHeaders incoming = new HttpHeaders();
        incoming.add("X-Trace", "a");
        incoming.add("X-Trace", "b");

        HttpHeaders upstream = IdentityHeaders.rewrite(incoming, Identity.ANONYMOUS, IdentitySettings.DEFAULTS);

        assertThat(upstream.get("X-Trace")).containsExactly("a", "b");
    }

    @Test
    void rewriteWhenGatewayVouchesThenIssuerIsPortcullis() {
        Identity apiKey = new Identity("1", "alice", List.of(), false, "api_key", Map.of());

        HttpHeaders upstream = IdentityHeaders.rewrite(new HttpHeaders(), apiKey, IdentitySettings.DEFAULTS);

        assertThat(upstream.get("X-Auth-Issuer")).containsExactly("portcullis");
    }

    @Test
    void rewriteWhenExternalIssuerVouchesThenIssuerIsItsIdAndTheClientsIsGone() {
        HttpHeaders incoming = new HttpHeaders();
        incoming.add("x-auth-issuer", "portcullis");
        Identity external = new Identity("u-42", "alice.sso", List.of(), false, "jwt", Map.of(), "sso");

        HttpHeaders upstream = IdentityHeaders.rewrite(incoming, external, IdentitySettings.DEFAULTS);

        assertThat(upstream.get("X-Auth-Issuer")).containsExactly("sso");
    }

    @Test
    void rewriteWhenAnonymousThenNoIssuer() {
        HttpHeaders incoming = new HttpHeaders();
        incoming.add("X-Auth-Issuer", "sso");

        HttpHeaders upstream = IdentityHeaders.rewrite(incoming, Identity.ANONYMOUS, IdentitySettings.DEFAULTS);

        assertThat(upstream.get("X-Auth-Issuer")).isNull();
    }
}
