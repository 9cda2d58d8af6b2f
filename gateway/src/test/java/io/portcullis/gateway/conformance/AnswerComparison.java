package io.portcullis.gateway.conformance;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the two answers to one request: status, JSON body with tokens masked ({@code <jwt>}, {@code <key>}), and
 * the {@code WWW-Authenticate}, {@code Retry-After} and {@code Allow} headers, under the comparison rules of
 * conformance/departures.yaml.
 */
final class AnswerComparison {

    static final String ALLOW_RULE = "allow-on-own-endpoints-and-405";
    static final String DETAIL_RULE = "detail-on-field-errors";
    static final String WAIT_RULE = "throttle-wait-clock";
    static final Set<String> OWN_ENDPOINTS = Set.of("/auth/token/", "/auth/token/refresh/", "/auth/token/verify/",
            "/auth/token/blacklist/", "/auth/api-token/");
    private static final int WAIT_TOLERANCE_SECONDS = 2;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern WAIT = Pattern.compile("Expected available in (\\d+) seconds?\\.");

    /** The differences found (empty: the same answer), and the rules that had to be applied to find none. */
    record Result(List<String> differences, Set<String> rules) {
    }

    private AnswerComparison() {
    }

    static Result compare(String path, Answer drf, Answer portcullis) {
        List<String> differences = new ArrayList<>();
        Set<String> rules = new LinkedHashSet<>();
        if (drf.status() != portcullis.status()) {
            differences.add("status: DRF " + drf.status() + ", Portcullis " + portcullis.status());
        }
        JsonNode expected = masked(drf.body());
        JsonNode actual = masked(portcullis.body());
        if (drf.status() == 400 && expected instanceof ObjectNode drfBody && actual instanceof ObjectNode ours
                && !drfBody.has("detail") && ours.has("detail")) {
            JsonNode detail = ours.remove("detail");
            JsonNode nonField = drfBody.path("non_field_errors").path(0);
            if (!detail.asString().equals("Invalid input.") && !detail.equals(nonField)) {
                differences.add("detail beside the field errors: " + detail);
            }
            rules.add(DETAIL_RULE);
        }
        if (drf.status() == 429 && actual instanceof ObjectNode ours && ours.path("detail").isString()) {
            String wait = expected.path("detail").asString("");
            String ourWait = ours.path("detail").asString();
            if (!wait.equals(ourWait) && sameWait(wait, ourWait)) {
                ours.put("detail", ourWait.replace(" " + seconds(ourWait) + " second", " " + seconds(wait) + " second"));
                rules.add(WAIT_RULE);
            }
        }
        if (!Objects.equals(expected, actual)) {
            differences.add("body: DRF " + expected + ", Portcullis " + actual);
        }
        compareHeaders(path, drf, portcullis, differences, rules);
        return new Result(differences, rules);
    }

    private static void compareHeaders(String path, Answer drf, Answer portcullis, List<String> differences,
                                       Set<String> rules) {
        for (String name : Answer.COMPARED_HEADERS) {
            String expected = drf.headers().get(name);
            String actual = portcullis.headers().get(name);
            if (name.equals("allow") && drf.status() != 405 && portcullis.status() != 405
                    && !OWN_ENDPOINTS.contains(path.replaceFirst("\\?.*", ""))) {
                if (!Objects.equals(expected, actual)) {
                    rules.add(ALLOW_RULE);
                }
                continue;
            }
            if (name.equals("retry-after") && expected != null && actual != null && !expected.equals(actual)
                    && sameWait(expected, actual)) {
                rules.add(WAIT_RULE);
                continue;
            }
            if (!Objects.equals(expected, actual)) {
                differences.add(name + ": DRF " + expected + ", Portcullis " + actual);
            }
        }
    }

    /** Two waits (seconds, or throttle details) read on two servers' clocks a moment apart. */
    private static boolean sameWait(String expected, String actual) {
        Long a = seconds(expected);
        Long b = seconds(actual);
        return a != null && b != null && Math.abs(a - b) <= WAIT_TOLERANCE_SECONDS;
    }

    private static Long seconds(String text) {
        Matcher detail = WAIT.matcher(text);
        if (detail.find()) {
            return Long.parseLong(detail.group(1));
        }
        return text.matches("\\d+") ? Long.parseLong(text) : null;
    }

    /** Whether Portcullis's answer is what a departure case pins (status, body, headers; each only when given). */
    static List<String> unpinned(Map<String, Object> pinned, Answer portcullis) {
        List<String> differences = new ArrayList<>();
        if (pinned.containsKey("status") && !pinned.get("status").equals(portcullis.status())) {
            differences.add("pinned status " + pinned.get("status") + ", Portcullis " + portcullis.status());
        }
        if (pinned.containsKey("body") && !JSON.valueToTree(pinned.get("body")).equals(masked(portcullis.body()))) {
            differences.add("pinned body " + JSON.writeValueAsString(pinned.get("body")) + ", Portcullis "
                    + masked(portcullis.body()));
        }
        if (pinned.get("headers") instanceof Map<?, ?> headers) {
            headers.forEach((name, value) -> {
                String actual = portcullis.headers().get(((String) name).toLowerCase());
                if (!Objects.equals(value, actual)) {
                    differences.add("pinned " + name + " " + value + ", Portcullis " + actual);
                }
            });
        }
        return differences;
    }

    /** The body as JSON with every token replaced by its kind; a body that is not JSON as one string. */
    static JsonNode masked(String body) {
        JsonNode tree;
        try {
            tree = body.isEmpty() ? StringNode.valueOf("") : JSON.readTree(body);
        } catch (JacksonException e) {
            return StringNode.valueOf(body);
        }
        return mask(tree);
    }

    private static JsonNode mask(JsonNode node) {
        if (node.isString()) {
            String text = node.asString();
            return JWT.matcher(text).matches() ? StringNode.valueOf("<jwt>")
                    : KEY.matcher(text).matches() ? StringNode.valueOf("<key>") : node;
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JSON.createObjectNode();
            object.properties().forEach(member -> copy.set(member.getKey(), mask(member.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.values().forEach(item -> copy.add(mask(item)));
            return copy;
        }
        return node;
    }
}
