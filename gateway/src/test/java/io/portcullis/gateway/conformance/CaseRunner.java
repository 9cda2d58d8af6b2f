package io.portcullis.gateway.conformance;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends the cases to one server, as one client would: placeholders filled from this server's own earlier answers
 * ({@code ${name.member}} of a case that saved {@code name}), from the crafted tokens ({@code ${crafted.name}}) and the
 * repetition ({@code ${repeat}}); each case from its own client address unless it names a shared client.
 */
final class CaseRunner {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?:\\.([A-Za-z0-9_]+))?}");

    private final String baseUrl;
    private final Map<String, String> crafted;
    private final ClientAddresses clients;
    private final Map<String, JsonNode> saved = new HashMap<>();
    private final HttpClient http = HttpClient.create().keepAlive(false);

    CaseRunner(String baseUrl, Map<String, String> crafted, ClientAddresses clients) {
        this.baseUrl = baseUrl;
        this.crafted = crafted;
        this.clients = clients;
    }

    /** The client addresses of the cases, the same for both servers. */
    static final class ClientAddresses {
        private final Map<String, String> named = new HashMap<>();
        private int next;

        /** A fresh address per case, or the one address of a named client. */
        String of(ConformanceCase c) {
            return c.client() == null ? fresh() : named.computeIfAbsent(c.client(), name -> fresh());
        }

        private String fresh() {
            next++;
            return "198.18." + (next / 250) + "." + (next % 250 + 1);
        }
    }

    Answer send(ConformanceCase c, String clientAddress, int repeat) {
        String url = baseUrl + fill(c.path(), repeat);
        String body = null;
        String contentType = null;
        if (c.hasJson()) {
            body = JSON.writeValueAsString(fillAll(c.json(), repeat));
            contentType = "application/json";
        } else if (c.form() != null) {
            body = fill(c.form(), repeat);
            contentType = "application/x-www-form-urlencoded";
        } else if (c.body() != null) {
            body = fill(c.body(), repeat);
        }
        if (c.contentType() != null) {
            contentType = c.contentType();
        }
        HttpHeaders headers = new DefaultHttpHeaders(false);
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        if (c.headers().keySet().stream().noneMatch("X-Forwarded-For"::equalsIgnoreCase)) {
            headers.add("X-Forwarded-For", clientAddress);
        }
        c.headers().forEach((name, value) -> {
            for (Object one : value instanceof List<?> values ? values : List.of(value)) {
                headers.add(name, fill(String.valueOf(one), repeat));
            }
        });
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        if (bytes != null) {
            headers.add("Content-Length", bytes.length);
        }
        Answer answer = exchange(c.method(), url, headers, bytes);
        if (c.save() != null) {
            saved.put(c.save(), JSON.readTree(answer.body()));
        }
        return answer;
    }

    /**
     * One request on a connection of its own: the cases compare answers, and a connection kept alive would make each
     * answer depend on the requests before it on that connection.
     */
    private Answer exchange(String method, String url, HttpHeaders headers, byte[] body) {
        return http.headers(h -> h.set(headers))
                .request(HttpMethod.valueOf(method))
                .uri(url)
                .send(body == null ? Mono.empty() : Mono.just(Unpooled.wrappedBuffer(body)))
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> Answer.of(response.status().code(), text, response.responseHeaders()::getAll)))
                .timeout(Duration.ofSeconds(20), Mono.error(() -> new IllegalStateException(
                        method + " " + url + ": no answer within 20 s")))
                .block();
    }

    private Object fillAll(Object value, int repeat) {
        if (value instanceof String text) {
            return fill(text, repeat);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> filled = new LinkedHashMap<>();
            map.forEach((k, v) -> filled.put(k, fillAll(v, repeat)));
            return filled;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> fillAll(item, repeat)).toList();
        }
        return value;
    }

    private String fill(String text, int repeat) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value(placeholder.group(1), placeholder.group(2), repeat)));
        }
        return placeholder.appendTail(filled).toString();
    }

    private String value(String name, String member, int repeat) {
        if (member == null && name.equals("repeat")) {
            return Integer.toString(repeat);
        }
        if ("crafted".equals(name) && crafted.containsKey(member)) {
            return crafted.get(member);
        }
        JsonNode answer = saved.get(name);
        if (member == null || answer == null || !answer.path(member).isString()) {
            throw new IllegalArgumentException("no value for ${" + name + (member == null ? "" : "." + member)
                    + "} at " + baseUrl + " (saved: " + saved.keySet() + ")");
        }
        return answer.path(member).asString();
    }
}
