package io.portcullis.policy.token;

import io.jsonwebtoken.io.DeserializationException;
import io.jsonwebtoken.io.Deserializer;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;

import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The JSON reader of every JWT header and payload (issue 6): jjwt's Jackson reader, named explicitly so that its
 * duplicate-member detection ({@code {"sub":"1","sub":"99"}} is refused, never read as the last one) cannot be lost to
 * another JSON library on the class path; and the RFC 7519 NumericDate claims must be finite JSON numbers, since jjwt
 * would otherwise accept {@code "exp":"1999999999"} as a date.
 */
final class StrictJson implements Deserializer<Map<String, ?>> {

    private static final Set<String> NUMERIC_DATES = Set.of("exp", "iat", "nbf");

    private final Deserializer<Map<String, ?>> jackson = new JacksonDeserializer<>();

    @Override
    public Map<String, ?> deserialize(byte[] bytes) throws DeserializationException {
        return deserialize(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
    }

    @Override
    public Map<String, ?> deserialize(Reader reader) throws DeserializationException {
        Map<String, ?> members = jackson.deserialize(reader);
        for (String name : NUMERIC_DATES) {
            Object value = members.get(name);
            if (value != null && !finiteNumber(value)) {
                throw new DeserializationException("'" + name + "' is not a NumericDate");
            }
        }
        return members;
    }

    private static boolean finiteNumber(Object value) {
        return value instanceof Number number && Double.isFinite(number.doubleValue());
    }
}
