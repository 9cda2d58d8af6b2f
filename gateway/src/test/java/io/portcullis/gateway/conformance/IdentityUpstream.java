package io.portcullis.gateway.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The suite's stand-in upstream: answers every forwarded request with who the gateway says is calling, as the DRF
 * reference's route views answer with {@code request.user} ({@code {"username":…,"scheme":…}}).
 */
final class IdentityUpstream implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;

    IdentityUpstream() {
        // the JDK server writes headers and body apart: without TCP_NODELAY each answer waits for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", IdentityUpstream::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String username = exchange.getRequestHeaders().getFirst("X-Auth-Username");
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("username", username == null ? "" : username);
        identity.put("scheme", exchange.getRequestHeaders().getFirst("X-Auth-Scheme"));
        byte[] body = JSON.writeValueAsBytes(identity);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
