package io.portcullis.gateway.tokens;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import org.springframework.http.HttpStatus;
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
 * Reads the small bodies of the token endpoints, JSON or form-encoded as DRF's parsers do, into the named string
 * fields. Missing, blank or non-string fields answer DRF's field errors; other media types 415; malformed bodies 400.
 */
final class RequestBodies {

    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private RequestBodies() {
    }

    /** The values of {@code required} fields (all present and non-blank), and of {@code optional} ones when sent. */
    static Map<String, String> fields(MediaType type, byte[] body, List<String> required, List<String> optional) {
        Map<String, Object> raw = type != null && type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED) ? form(body)
                : type == null || type.isCompatibleWith(MediaType.APPLICATION_JSON) ? json(type, body)
                : unsupported(type);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : required) {
            Object value = raw.get(field);
            if (value == null) {
                errors.put(field, List.of("This field is required."));
            } else if (!(value instanceof String text)) {
                errors.put(field, List.of("Not a valid string."));
            } else if (text.isBlank()) {
                errors.put(field, List.of("This field may not be blank."));
            } else {
                values.put(field, text);
            }
        }
        for (String field : optional) {
            if (raw.get(field) instanceof String text && !text.isBlank()) {
                values.put(field, text);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid input.", errors);
        }
        return values;
    }

    private static Map<String, Object> json(MediaType type, byte[] body) {
        if (body.length == 0) {
            return Map.of();
        }
        if (type == null) {
            throw unsupportedMediaType("none");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new ApiErrorException(ApiError.badRequest("JSON parse error - not valid JSON.", "bad_json"));
        }
        if (tree == null || !tree.isObject()) {
            throw new ApiErrorException(ApiError.badRequest("JSON parse error - expected an object.", "bad_json"));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : tree.properties()) {
            JsonNode value = field.getValue();
            fields.put(field.getKey(), value.isString() ? value.asString() : value.isNull() ? null : value);
        }
        return fields;
    }

    private static Map<String, Object> form(byte[] body) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.isEmpty() ? new String[0] : text.split("&")) {
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

    private static Map<String, Object> unsupported(MediaType type) {
        throw unsupportedMediaType(type.getType() + "/" + type.getSubtype());
    }

    private static ApiErrorException unsupportedMediaType(String type) {
        return new ApiErrorException(new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type \"" + type + "\" in request.", null, "unsupported_media_type", Map.of()));
    }
}
