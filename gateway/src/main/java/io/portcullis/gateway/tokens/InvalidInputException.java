package io.portcullis.gateway.tokens;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A 400 with DRF's field errors ({@code {"username":["This field is required."]}}) plus the {@code detail} every error has. */
public final class InvalidInputException extends RuntimeException {

    private final transient Map<String, Object> body;

    public InvalidInputException(String detail, Map<String, List<String>> fieldErrors) {
        super(detail, null, false, false);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", detail);
        body.putAll(fieldErrors);
        this.body = body;
    }

    public Map<String, Object> body() {
        return body;
    }
}
