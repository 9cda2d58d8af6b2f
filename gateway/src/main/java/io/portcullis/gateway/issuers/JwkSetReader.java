package io.portcullis.gateway.issuers;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JWKS document (RFC 7517 section 5) into the keys an issuer may verify with. A key is kept only when it is an
 * RSA (at least 2048 bits) or EC (P-256, P-384) public key for signatures that fits one of the policy's algorithms.
 * Skipped, each with its reason: symmetric {@code oct} keys (an HMAC secret is never taken from a JWKS), any JWK
 * carrying private members (it was published by mistake and is refused, not stripped), {@code use} other than
 * {@code sig}, {@code key_ops} without {@code verify}, an {@code alg} outside the policy's algorithms, and any other
 * {@code kty}. jjwt builds each key and checks it (RSA parameters, EC points on their curve).
 */
final class JwkSetReader {

    /** RFC 7518 sections 6.2.2, 6.3.2 and 6.4: the members only a private or secret key has. */
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final int MIN_RSA_BITS = 2048;

    private final Set<String> algorithms;

    JwkSetReader(Set<String> algorithms) {
        this.algorithms = Set.copyOf(algorithms);
    }

    /** The keys kept and, for each key skipped, a reason naming its kid (never its material). */
    record Result(JwksKeySet keys, List<String> skipped) {
    }

    /** @throws JwksFetchException when the document is not a JWKS or none of its keys is usable */
    Result read(Map<String, ?> document) {
        if (!(document.get("keys") instanceof Collection<?> candidates)) {
            throw new JwksFetchException("the answer is not a JWK set (no \"keys\" array)");
        }
        List<JwksKey> kept = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int index = 0;
        for (Object candidate : candidates) {
            String name = "keys[" + index++ + "]";
            if (!(candidate instanceof Map<?, ?> jwk)) {
                skipped.add(name + " is not a JSON object");
                continue;
            }
            name += jwk.get("kid") instanceof String kid ? " (kid " + kid + ")" : "";
            String refused = refusal(jwk);
            if (refused == null) {
                refused = keep(jwk, kept);
            }
            if (refused != null) {
                skipped.add(name + " skipped: " + refused);
            }
        }
        if (kept.isEmpty()) {
            throw new JwksFetchException("the JWK set has no usable key (" + candidates.size() + " skipped)");
        }
        return new Result(new JwksKeySet(kept), List.copyOf(skipped));
    }

    /** Why this JWK is refused before any key is built from it, or null. */
    private String refusal(Map<?, ?> jwk) {
        Object kty = jwk.get("kty");
        if ("oct".equals(kty)) {
            return "a symmetric (oct) key; an HMAC secret is never taken from a JWKS";
        }
        if (jwk.keySet().stream().anyMatch(PRIVATE_MEMBERS::contains)) {
            return "it carries private key members; such a JWK is refused";
        }
        if (!"RSA".equals(kty) && !"EC".equals(kty)) {
            return "unsupported kty " + kty;
        }
        if (jwk.containsKey("kid") && !(jwk.get("kid") instanceof String)) {
            return "its kid is not a string";
        }
        if (jwk.containsKey("use") && !"sig".equals(jwk.get("use"))) {
            return "use is " + jwk.get("use") + ", not sig";
        }
        if (jwk.get("key_ops") instanceof Collection<?> operations && !operations.contains("verify")) {
            return "key_ops has no verify";
        }
        if (jwk.containsKey("alg") && !algorithms.contains(jwk.get("alg"))) {
            return "alg " + jwk.get("alg") + " is not among the issuer's algorithms " + algorithms;
        }
        return null;
    }

    /** Adds the key with the algorithms it may verify to {@code kept}, or says why it cannot. */
    private String keep(Map<?, ?> jwk, List<JwksKey> kept) {
        PublicKey key = publicKey(jwk);
        if (key == null) {
            return "not a valid " + jwk.get("kty") + " public key";
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            return "an RSA key of " + rsa.getModulus().bitLength() + " bits; at least " + MIN_RSA_BITS + " are needed";
        }
        Set<String> fitting = new LinkedHashSet<>();
        for (String algorithm : algorithms) {
            if ((!jwk.containsKey("alg") || algorithm.equals(jwk.get("alg"))) && fits(algorithm, key, jwk.get("crv"))) {
                fitting.add(algorithm);
            }
        }
        if (fitting.isEmpty()) {
            return "fits none of the issuer's algorithms " + algorithms;
        }
        kept.add(new JwksKey((String) jwk.get("kid"), key, fitting));
        return null;
    }

    @SuppressWarnings("unchecked")
    private static PublicKey publicKey(Map<?, ?> jwk) {
        try {
            Jwk<?> built = Jwks.builder().add((Map<String, ?>) jwk).build();
            return built instanceof PublicJwk<?> publicJwk ? publicJwk.toKey() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** RFC 7518 section 3.1: RS* and PS* take an RSA key (its size checked before), ES256 one on P-256, ES384 P-384. */
    private static boolean fits(String algorithm, PublicKey key, Object curve) {
        if (key instanceof RSAPublicKey) {
            return algorithm.startsWith("RS") || algorithm.startsWith("PS");
        }
        if (key instanceof ECPublicKey) {
            return switch (algorithm) {
                case "ES256" -> "P-256".equals(curve);
                case "ES384" -> "P-384".equals(curve);
                default -> false;
            };
        }
        return false;
    }
}
