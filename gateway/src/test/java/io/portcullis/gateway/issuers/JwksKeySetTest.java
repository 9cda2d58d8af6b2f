package io.portcullis.gateway.issuers;

import org.junit.jupiter.api.Test;

import java.security.Key;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.portcullis.gateway.issuers.TestJwks.EC_P256;
import static io.portcullis.gateway.issuers.TestJwks.EC_P384;
import static io.portcullis.gateway.issuers.TestJwks.RSA_A;
import static io.portcullis.gateway.issuers.TestJwks.RSA_B;
import static io.portcullis.gateway.issuers.TestJwks.document;
import static io.portcullis.gateway.issuers.TestJwks.ec;
import static io.portcullis.gateway.issuers.TestJwks.rsa;
import static io.portcullis.gateway.issuers.TestJwks.with;
import static org.assertj.core.api.Assertions.assertThat;

class JwksKeySetTest {

    private final JwkSetReader reader = new JwkSetReader(Set.of("RS256", "RS384", "ES256", "ES384", "PS256"));

    @SafeVarargs
    private JwksKeySet keys(Map<String, Object>... jwks) {
        return reader.read(document(jwks)).keys();
    }

    @Test
    void findWhenKidAndAlgorithmMatchThenThatKey() {
        assertThat(keys(rsa("a", RSA_A), rsa("b", RSA_B)).find("b", "RS256")).contains(RSA_B.getPublic());
    }

    @Test
    void findWhenKidUnknownThenEmpty() {
        assertThat(keys(rsa("a", RSA_A)).find("z", "RS256")).isEmpty();
    }

    @Test
    void findWhenAlgorithmIsEcdsaThenRsaKeyNeverAnswers() {
        assertThat(keys(rsa("a", RSA_A)).find("a", "ES256")).isEmpty();
    }

    @Test
    void findWhenAlgorithmIsRsaThenEcKeyNeverAnswers() {
        assertThat(keys(ec("e", EC_P256)).find("e", "RS256")).isEmpty();
        assertThat(keys(ec("e", EC_P256)).find("e", "PS256")).isEmpty();
    }

    @Test
    void findWhenAlgorithmIsEs384ThenOnlyTheP384KeyAnswers() {
        JwksKeySet keys = keys(ec("p256", EC_P256), ec("p384", EC_P384));

        assertThat(keys.find("p256", "ES384")).isEmpty();
        assertThat(keys.find("p384", "ES384")).contains(EC_P384.getPublic());
        assertThat(keys.find(null, "ES256")).contains(EC_P256.getPublic());
    }

    @Test
    void findWhenAlgorithmIsNotConfiguredThenEmpty() {
        assertThat(keys(rsa("a", RSA_A)).find("a", "RS512")).isEmpty();
        assertThat(keys(rsa("a", RSA_A)).find("a", "HS256")).isEmpty();
    }

    @Test
    void findWhenKeyDeclaresItsAlgThenOtherAlgorithmsEmpty() {
        JwksKeySet keys = keys(with(rsa("a", RSA_A), "alg", "RS256"));

        assertThat(keys.find("a", "RS256")).contains(RSA_A.getPublic());
        assertThat(keys.find("a", "RS384")).isEmpty();
    }

    @Test
    void findWhenTokenHasNoKidAndOneKeyFitsTheAlgorithmThenThatKey() {
        Optional<Key> found = keys(rsa("a", RSA_A), ec("e", EC_P256)).find(null, "RS256");

        assertThat(found).contains(RSA_A.getPublic());
    }

    @Test
    void findWhenTokenHasNoKidAndTwoKeysFitThenEmpty() {
        assertThat(keys(rsa("a", RSA_A), rsa("b", RSA_B)).find(null, "RS256")).isEmpty();
    }

    @Test
    void findWhenSetHasNoKidsThenTheOnlyFittingKeyAnswersAnyKid() {
        assertThat(keys(rsa(null, RSA_A)).find("whatever", "RS256")).contains(RSA_A.getPublic());
    }

    @Test
    void findWhenTwoKeysShareAKidAndFitTheAlgorithmThenEmpty() {
        assertThat(keys(rsa("a", RSA_A), rsa("a", RSA_B)).find("a", "RS256")).isEmpty();
    }
}
