package io.portcullis.gateway.tokens;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the small bodies of the token endpoints, JSON or form-encoded as DRF's parsers do, and checks their fields as
 * a DRF serializer of {@link CharField}s does. Other media types answer 415, malformed bodies 400, and a member or
 * form field sent twice 400 (DRF would take one of them: a deliberate departure).
 */
final class RequestBodies {

    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private RequestBodies() {
    }

    /**
     * A body as DRF's parsers hand it to a serializer: its members (JSON null as a null value), or, for a JSON body
     * that is not an object, DRF's error for it.
     */
    record Submitted(Map<String, Object> members, String notAnObject) {

        /** The username as the login throttle counts it: the submitted text trimmed, else empty. */
        String username() {
            return members.get("username") instanceof String text ? PythonText.strip(text) : "";
        }

        /** The values of {@code fields}, or DRF's field errors (400) for all that fail. */
        Map<String, String> fields(List<CharField> fields) {
            if (notAnObject != null) {
                throw new InvalidInputException("Invalid input.", Map.of("non_field_errors", List.of(notAnObject)));
            }
            Map<String, List<String>> errors = new LinkedHashMap<>();
            Map<String, String> values = new LinkedHashMap<>();
            fields.forEach(field -> field.read(members, values, errors));
            if (!errors.isEmpty()) {
                throw new InvalidInputException("Invalid input.", errors);
            }
            return values;
        }

        /** The text of member {@code name} when it is non-blank text (optional fields), else null. */
        String optional(String name) {
            return members.get(name) instanceof String text && !PythonText.strip(text).isEmpty() ? PythonText.strip(text) : null;
        }
    }

    /** {@code contentType} as the client sent it (null: none). An empty body is an empty form, whatever its type. */
    static Submitted parse(String contentType, byte[] body) {
        if (body.length == 0) {
            return new Submitted(Map.of(), null);
        }
        MediaType type = mediaType(contentType);
        if (type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            return new Submitted(form(body), null);
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            return json(body);
        }
        throw unsupportedMediaType(contentType);
    }

    private static MediaType mediaType(String contentType) {
        if (contentType == null) {
            throw unsupportedMediaType("");
        }
        try {
            return MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw unsupportedMediaType(contentType);
        }
    }

    private static Submitted json(byte[] body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JacksonException e) {
            // STRICT_DUPLICATE_DETECTION says "Duplicate Object property"; any other failure is plain bad JSON
            boolean duplicate = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate");
            throw new ApiErrorException(ApiError.badRequest(duplicate ? "JSON parse error - a member is sent more than once."
                    : "JSON parse error - not valid JSON.", "bad_json"));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return new Submitted(Map.of(), "No data provided");
        }
        if (!tree.isObject()) {
            return new Submitted(Map.of(), "Invalid data. Expected a dictionary, but got " + pythonType(tree) + ".");
        }
        Map<String, Object> members = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : tree.properties()) {
            members.put(member.getKey(), value(member.getValue()));
        }
        return new Submitted(members, null);
    }

    /** DRF's CharField takes text and numbers (as Python prints them); null stays null; anything else is not text. */
    private static Object value(JsonNode node) {
        if (node.isString()) {
            return node.asString();
        }
        if (node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            return PythonText.floatText(node.doubleValue());
        }
        return CharField.NOT_TEXT;
    }

    private static String pythonType(JsonNode node) {
        return node.isArray() ? "list" : node.isString() ? "str" : node.isBoolean() ? "bool"
                : node.isIntegralNumber() ? "int" : "float";
    }

    private static Map<String, Object> form(byte[] body) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (fields.put(name, value) != null) {
                    throw new ApiErrorException(ApiError.badRequest("Field '" + name + "' sent more than once.", "bad_form"));
                }
            } catch (IllegalArgumentException e) {
                throw new ApiErrorException(ApiError.badRequest("Malformed form body.", "bad_form"));
            }
        }
        return fields;
    }

    /** DRF quotes the Content-Type as sent ({@code ""} when there is none). */
    private static ApiErrorException unsupportedMediaType(String contentType) {
        return new ApiErrorException(new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type \"" + contentType + "\" in request.", null, "unsupported_media_type", Map.of()));
    }
}
