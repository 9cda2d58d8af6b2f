package io.portcullis.policy.token;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One public key as a JSON Web Key (RFC 7517 section 4, RFC 7518 section 6): public members only, by construction. */
final class Jwk {

    private static final int P256_COORDINATE_BYTES = 32;

    private Jwk() {
    }

    static Map<String, Object> of(String kid, String algorithm, PublicKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        if (key instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA");
            members(jwk, kid, algorithm);
            jwk.put("n", base64Url(unsigned(rsa.getModulus())));
            jwk.put("e", base64Url(unsigned(rsa.getPublicExponent())));
        } else if (key instanceof ECPublicKey ec) {
            jwk.put("kty", "EC");
            members(jwk, kid, algorithm);
            jwk.put("crv", Curves.JWK_NAME);
            jwk.put("x", base64Url(fixed(ec.getW().getAffineX(), P256_COORDINATE_BYTES)));
            jwk.put("y", base64Url(fixed(ec.getW().getAffineY(), P256_COORDINATE_BYTES)));
        } else {
            throw new IllegalArgumentException("not a public RSA or EC key: " + key.getAlgorithm());
        }
        return Collections.unmodifiableMap(jwk);
    }

    private static void members(Map<String, Object> jwk, String kid, String algorithm) {
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        jwk.put("alg", algorithm);
    }

    /** Big-endian without the sign byte (RFC 7518 section 2, Base64urlUInt). */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    /** EC coordinates are always the full field size (RFC 7518 section 6.2.1.2). */
    private static byte[] fixed(BigInteger value, int length) {
        byte[] bytes = unsigned(value);
        byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
        return out;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
