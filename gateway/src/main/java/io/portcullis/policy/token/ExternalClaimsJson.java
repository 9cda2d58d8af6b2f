package io.portcullis.policy.token;

import io.jsonwebtoken.io.DeserializationException;
import io.jsonwebtoken.io.Deserializer;

import java.io.Reader;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link StrictJson} for external issuers' tokens: SimpleJWT with {@code USER_ID_CLAIM='sub'} writes Django's integer
 * ids as JSON integers ({@code "sub": 1}), which jjwt refuses as a subject. An integer {@code sub} is read as its
 * decimal string; any other non-string {@code sub} (a float, a boolean) stays refused.
 */
final class ExternalClaimsJson implements Deserializer<Map<String, ?>> {

    private final StrictJson strict = new StrictJson();

    @Override
    public Map<String, ?> deserialize(byte[] bytes) throws DeserializationException {
        return subjectAsString(strict.deserialize(bytes));
    }

    @Override
    public Map<String, ?> deserialize(Reader reader) throws DeserializationException {
        return subjectAsString(strict.deserialize(reader));
    }

    private static Map<String, ?> subjectAsString(Map<String, ?> claims) {
        Object sub = claims.get("sub");
        if (!(sub instanceof Integer || sub instanceof Long || sub instanceof BigInteger)) {
            return claims;
        }
        Map<String, Object> copy = new LinkedHashMap<>(claims);
        copy.put("sub", sub.toString());
        return copy;
    }
}
