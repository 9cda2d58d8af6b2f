package io.portcullis.gateway.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What one server answered: status, body text and the headers the suite compares (lower-case names). */
record Answer(int status, String body, Map<String, String> headers) {

    static final List<String> COMPARED_HEADERS = List.of("www-authenticate", "retry-after", "allow");

    /** {@code headers}: all values of a header, by name. */
    static Answer of(int status, String body, Function<String, List<String>> headers) {
        Map<String, String> compared = new LinkedHashMap<>();
        for (String name : COMPARED_HEADERS) {
            List<String> values = headers.apply(name);
            if (!values.isEmpty()) {
                compared.put(name, String.join(" | ", values));
            }
        }
        return new Answer(status, body, compared);
    }

    /** Tokens masked, as compared. */
    @Override
    public String toString() {
        return status + " " + headers + " " + AnswerComparison.masked(body);
    }
}
