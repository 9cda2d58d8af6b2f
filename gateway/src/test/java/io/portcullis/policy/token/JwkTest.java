package io.portcullis.policy.token;

import io.jsonwebtoken.security.Jwks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SigningKeys#publicJwks()}: RFC 7517 JWK Sets with public members only. */
class JwkTest {

    private static final KeyPair RSA = TestKeys.rsa(2048);
    private static final KeyPair EC = TestKeys.ec("secp256r1");

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> keys(SigningKeys keys) {
        return (List<Map<String, Object>>) keys.publicJwks().get("keys");
    }

    private static BigInteger unsigned(Object base64Url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode((String) base64Url));
    }

    @Test
    void publicJwksWhenRsaKeyThenNAndEDecodeToThePublicKey() throws Exception {
        TestKeys.write(dir, "r1", TestKeys.pkcs8(RSA));

        Map<String, Object> jwk = keys(SigningKeys.fromDirectory(dir, "RS256")).get(0);

        PublicKey decoded = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(unsigned(jwk.get("n")),
                unsigned(jwk.get("e"))));
        assertThat(decoded).isEqualTo(RSA.getPublic());
        assertThat(jwk).containsOnlyKeys("kty", "kid", "use", "alg", "n", "e")
                .containsEntry("kty", "RSA").containsEntry("kid", "r1").containsEntry("use", "sig")
                .containsEntry("alg", "RS256").containsEntry("e", "AQAB");
    }

    @Test
    void publicJwksWhenEcKeyThenCrvXAndYDecodeToThePublicKey() throws Exception {
        TestKeys.write(dir, "e1", TestKeys.sec1(EC));

        Map<String, Object> jwk = keys(SigningKeys.fromDirectory(dir, "ES256")).get(0);

        PublicKey decoded = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                new ECPoint(unsigned(jwk.get("x")), unsigned(jwk.get("y"))), Curves.P256));
        assertThat(decoded).isEqualTo(EC.getPublic());
        assertThat(jwk).containsOnlyKeys("kty", "kid", "use", "alg", "crv", "x", "y")
                .containsEntry("kty", "EC").containsEntry("crv", "P-256").containsEntry("alg", "ES256");
        assertThat(Base64.getUrlDecoder().decode((String) jwk.get("x"))).hasSize(32);
        assertThat(Base64.getUrlDecoder().decode((String) jwk.get("y"))).hasSize(32);
    }

    @Test
    void publicJwksWhenReadByJjwtThenSamePublicKeys() {
        TestKeys.write(dir, "r1", TestKeys.pkcs1(RSA));
        SigningKeys rsa = SigningKeys.fromDirectory(dir, "RS256");
        SigningKeys ec = SigningKeys.ephemeral("ES256");

        assertThat(Jwks.builder().add(keys(rsa).get(0)).build().toKey()).isEqualTo(RSA.getPublic());
        assertThat(Jwks.builder().add(keys(ec).get(0)).build().toKey()).isEqualTo(ec.verificationKey(ec.signingKid()).get());
    }

    @Test
    void publicJwksWhenSeveralKeysThenEveryKidInOrder() {
        TestKeys.write(dir, "b", TestKeys.pkcs8(RSA));
        TestKeys.write(dir, "a", TestKeys.pkcs8(TestKeys.rsa(2048)));

        assertThat(keys(SigningKeys.fromDirectory(dir, "RS256"))).extracting(jwk -> jwk.get("kid")).containsExactly("a", "b");
    }

    @Test
    void publicJwksWhenAnyKeyThenNoPrivateMember() {
        TestKeys.write(dir, "r1", TestKeys.pkcs8(RSA));

        assertThat(keys(SigningKeys.fromDirectory(dir, "RS256")).get(0))
                .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "oth", "k");
        assertThat(keys(SigningKeys.ephemeral("ES256")).get(0)).doesNotContainKeys("d", "k");
    }

    @Test
    void publicJwksWhenHs256ThenNoKeys() {
        assertThat(SigningKeys.hmac("0123456789abcdef0123456789abcdef").publicJwks()).isEqualTo(Map.of("keys", List.of()));
        assertThat(SigningKeys.ephemeral("HS256").publicJwks()).isEqualTo(Map.of("keys", List.of()));
    }
}
