package io.portcullis.gateway.conformance;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one server answered: status, body text and the headers the suite compares (lower-case names). */
record Answer(int status, String body, Map<String, String> headers) {

    static final List<String> COMPARED_HEADERS = List.of("www-authenticate", "retry-after", "allow");

    static Answer of(HttpResponse<String> response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : COMPARED_HEADERS) {
            List<String> values = response.headers().allValues(name);
            if (!values.isEmpty()) {
                headers.put(name, String.join(" | ", values));
            }
        }
        return new Answer(response.statusCode(), response.body() == null ? "" : response.body(), headers);
    }

    /** Tokens masked, as compared. */
    @Override
    public String toString() {
        return status + " " + headers + " " + AnswerComparison.masked(body);
    }
}
