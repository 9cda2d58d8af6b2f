package io.portcullis.gateway.issuers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.portcullis.gateway.issuers.TestJwks.EC_P256;
import static io.portcullis.gateway.issuers.TestJwks.EC_P521;
import static io.portcullis.gateway.issuers.TestJwks.RSA_1024;
import static io.portcullis.gateway.issuers.TestJwks.RSA_A;
import static io.portcullis.gateway.issuers.TestJwks.document;
import static io.portcullis.gateway.issuers.TestJwks.ec;
import static io.portcullis.gateway.issuers.TestJwks.rsa;
import static io.portcullis.gateway.issuers.TestJwks.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class JwkSetReaderTest {

    private final JwkSetReader reader = new JwkSetReader(Set.of("RS256", "RS384", "ES256", "ES384", "PS256"));

    @Test
    void readWhenRsaAndEcPublicKeysThenBothKept() {
        JwkSetReader.Result result = reader.read(document(rsa("r", RSA_A), ec("e", EC_P256)));

        assertThat(result.keys().kids()).containsExactly("r", "e");
        assertThat(result.skipped()).isEmpty();
    }

    static Stream<Arguments> unusableKeys() {
        Map<String, Object> good = rsa("good", RSA_A);
        return Stream.of(
                arguments("symmetric oct key", Map.of("kty", "oct", "kid", "bad", "k", "c2VjcmV0c2VjcmV0c2VjcmV0"),
                        "symmetric (oct) key"),
                arguments("RSA key with its private exponent", with(rsa("bad", RSA_A), "d", "AQAB"),
                        "private key members"),
                arguments("key for encryption", with(rsa("bad", RSA_A), "use", "enc"), "use is enc, not sig"),
                arguments("key_ops without verify", with(rsa("bad", RSA_A), "key_ops", List.of("encrypt")),
                        "key_ops has no verify"),
                arguments("alg outside the issuer's algorithms", with(rsa("bad", RSA_A), "alg", "RS512"),
                        "alg RS512 is not among"),
                arguments("unsupported kty", Map.of("kty", "OKP", "kid", "bad", "crv", "Ed25519", "x", "AAAA"),
                        "unsupported kty OKP"),
                arguments("RSA key under 2048 bits", rsa("bad", RSA_1024), "1024 bits"),
                arguments("EC key on a curve no algorithm uses", ec("bad", EC_P521), "fits none"),
                arguments("RSA key whose modulus is not base64url", with(rsa("bad", RSA_A), "n", "!!!"),
                        "not a valid RSA public key"))
                .map(arguments -> arguments(arguments.get()[0], document(good, cast(arguments.get()[1])),
                        arguments.get()[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableKeys")
    void readWhenKeyIsUnusableThenSkippedWithItsReason(String name, Map<String, ?> document, String reason) {
        JwkSetReader.Result result = reader.read(document);

        assertThat(result.keys().kids()).containsExactly("good");
        assertThat(result.skipped()).singleElement().asString().contains("kid bad").contains(reason);
    }

    @Test
    void readWhenNoKeyIsUsableThenFails() {
        Map<String, ?> onlySecret = Map.of("keys", List.of(Map.of("kty", "oct", "k", "c2VjcmV0c2VjcmV0c2VjcmV0")));

        assertThatThrownBy(() -> reader.read(onlySecret)).isInstanceOf(JwksFetchException.class)
                .hasMessageContaining("no usable key");
    }

    @Test
    void readWhenDocumentHasNoKeysArrayThenFails() {
        assertThatThrownBy(() -> reader.read(Map.of("keys", "none"))).isInstanceOf(JwksFetchException.class)
                .hasMessageContaining("not a JWK set");
    }

    @Test
    void readWhenPrivateKeyIsSkippedThenItsMaterialIsNotInTheReason() {
        JwkSetReader.Result result = reader.read(document(rsa("good", RSA_A),
                with(rsa("bad", RSA_A), "d", "UHJpdmF0ZU1hdGVyaWFs")));

        assertThat(result.skipped()).singleElement().asString().doesNotContain("UHJpdmF0ZU1hdGVyaWFs");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object jwk) {
        return (Map<String, Object>) jwk;
    }
}
