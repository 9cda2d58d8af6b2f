package io.portcullis.policy.token;

import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.model.Issuer.Identities;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A token's issuer chosen by its unverified iss: the gateway's own first, then the one issuer that claims it. */
class TokenIssuersTest {

    private static final Issuer DJANGO = issuer("django", null);
    private static final Issuer SSO = issuer("sso", "https://sso.example.com");
    private static final List<Issuer> BOTH = List.of(DJANGO, SSO);

    private static Issuer issuer(String id, String iss) {
        return new Issuer(id, iss, List.of("HS256"), "KEY", null, false, false, null, null, "user_id",
                Identities.LOCAL, null);
    }

    /** An unsigned-looking token: only the payload matters here, nothing is verified. */
    private static String token(String payloadJson) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private static String reason(String token, String own, List<Issuer> issuers) {
        try {
            return TokenIssuers.externalIssuerOf(token, own, issuers).map(Issuer::id).orElse("own");
        } catch (InvalidTokenException e) {
            return e.reason();
        }
    }

    @Test
    void externalIssuerOfWhenIssIsTheGatewaysThenOwn() {
        assertThat(reason(token("{\"iss\":\"portcullis\"}"), "portcullis", BOTH)).isEqualTo("own");
    }

    @Test
    void externalIssuerOfWhenNoIssThenTheIssuerWithNullIssuer() {
        assertThat(reason(token("{\"user_id\":1}"), "portcullis", BOTH)).isEqualTo("django");
    }

    @Test
    void externalIssuerOfWhenIssMatchesAnIssuerThenThatIssuer() {
        assertThat(reason(token("{\"iss\":\"https://sso.example.com\"}"), "portcullis", BOTH)).isEqualTo("sso");
    }

    @Test
    void externalIssuerOfWhenNoIssAndGatewayTokensCarryNoneThenOwn() {
        assertThat(reason(token("{\"sub\":\"1\"}"), null, List.of(SSO))).isEqualTo("own");
    }

    @Test
    void externalIssuerOfWhenNoIssAndNoNullIssuerThenUnknownIssuer() {
        assertThat(reason(token("{\"sub\":\"1\"}"), "portcullis", List.of(SSO))).isEqualTo("token_unknown_issuer");
    }

    @Test
    void externalIssuerOfWhenIssIsUnknownThenUnknownIssuer() {
        assertThat(reason(token("{\"iss\":\"https://evil.example\"}"), "portcullis", BOTH))
                .isEqualTo("token_unknown_issuer");
    }

    @Test
    void externalIssuerOfWhenNoIssuersThenOwnWhateverTheIss() {
        assertThat(reason(token("{\"iss\":\"https://evil.example\"}"), "portcullis", List.of())).isEqualTo("own");
    }

    @Test
    void externalIssuerOfWhenIssIsNotAStringThenMalformed() {
        assertThat(reason(token("{\"iss\":[\"https://sso.example.com\"]}"), "portcullis", BOTH))
                .isEqualTo("token_malformed");
    }

    @Test
    void externalIssuerOfWhenIssIsDuplicatedThenMalformed() {
        assertThat(reason(token("{\"iss\":\"portcullis\",\"iss\":\"https://sso.example.com\"}"), "portcullis", BOTH))
                .isEqualTo("token_malformed");
    }

    @Test
    void externalIssuerOfWhenPayloadIsNotJsonThenMalformed() {
        assertThat(reason(token("not json"), "portcullis", BOTH)).isEqualTo("token_malformed");
    }

    @Test
    void externalIssuerOfWhenPayloadIsAnArrayThenMalformed() {
        assertThat(reason(token("[1]"), "portcullis", BOTH)).isEqualTo("token_malformed");
    }

    @Test
    void externalIssuerOfWhenNotCompactThenMalformed() {
        assertThatThrownBy(() -> TokenIssuers.externalIssuerOf("a.b", "portcullis", BOTH))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void externalIssuerOfWhenUnknownIssuerThenNoOtherIssuerIsTried() {
        assertThat(reason(token("{\"iss\":\"https://sso.example.com/\"}"), "portcullis", BOTH))
                .isEqualTo("token_unknown_issuer");
    }

    @Test
    void externalIssuerOfWhenAnyIssuerFoundThenReturnedAsIs() throws Exception {
        assertThat(TokenIssuers.externalIssuerOf(token("{}"), "portcullis", BOTH)).isEqualTo(Optional.of(DJANGO));
    }
}
