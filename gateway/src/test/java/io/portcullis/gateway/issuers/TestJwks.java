package io.portcullis.gateway.issuers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.policy.token.TestKeys;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Public keys made once per test run, written as JWKs by hand (RFC 7518 section 6) so tests control every member. */
final class TestJwks {

    static final KeyPair RSA_A = TestKeys.rsa(2048);
    static final KeyPair RSA_B = TestKeys.rsa(2048);
    static final KeyPair RSA_1024 = TestKeys.rsa(1024);
    static final KeyPair EC_P256 = TestKeys.ec("secp256r1");
    static final KeyPair EC_P384 = TestKeys.ec("secp384r1");
    static final KeyPair EC_P521 = TestKeys.ec("secp521r1");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestJwks() {
    }

    static Map<String, Object> rsa(String kid, KeyPair pair) {
        RSAPublicKey key = (RSAPublicKey) pair.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        if (kid != null) {
            jwk.put("kid", kid);
        }
        jwk.put("n", base64Url(key.getModulus()));
        jwk.put("e", base64Url(key.getPublicExponent()));
        return jwk;
    }

    static Map<String, Object> ec(String kid, KeyPair pair) {
        ECPublicKey key = (ECPublicKey) pair.getPublic();
        int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        if (kid != null) {
            jwk.put("kid", kid);
        }
        jwk.put("crv", switch (size) {
            case 32 -> "P-256";
            case 48 -> "P-384";
            default -> "P-521";
        });
        jwk.put("x", base64Url(fixed(key.getW().getAffineX(), size)));
        jwk.put("y", base64Url(fixed(key.getW().getAffineY(), size)));
        return jwk;
    }

    /** A copy of {@code jwk} with one more member. */
    static Map<String, Object> with(Map<String, Object> jwk, String member, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(jwk);
        copy.put(member, value);
        return copy;
    }

    @SafeVarargs
    static String set(Map<String, Object>... keys) {
        return json(Map.of("keys", List.of(keys)));
    }

    @SafeVarargs
    static Map<String, ?> document(Map<String, Object>... keys) {
        return Map.of("keys", List.of(keys));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return base64Url(bytes);
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, out, length - copy, copy);
        return out;
    }
}
