package io.portcullis.gateway.web;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** Renders every {@link ApiError} as DRF does: {@code {"detail":…,"code":…}} (SimpleJWT adds {@code messages}), {@code application/json}. */
public final class ApiErrorWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ApiErrorWriter() {
    }

    public static Mono<Void> write(ServerWebExchange exchange, ApiError error) {
        exchange.getAttributes().put(ExchangeAttributes.ERROR, error);
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(error.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        error.headers().forEach(response.getHeaders()::set);
        byte[] json = body(error);
        Mono<Void> answer = Mono.defer(() -> response.writeWith(Mono.just(response.bufferFactory().wrap(json))));
        // A request without a body is answered once its (empty) end has been read, never in the middle of reading it:
        // answered before, on a kept-alive connection that had just carried a proxied answer, the next request was
        // left unread until the client gave up (issue 13's lost request; keep-alive-mix in bench/faults). A body
        // already read, or a connection gone, leaves nothing to wait for.
        return RequestBody.present(exchange.getRequest().getHeaders()) ? answer
                : exchange.getRequest().getBody().then().onErrorResume(gone -> Mono.empty()).then(answer);
    }

    /** The JSON body alone, for answers written below the web stack (the HTTP codec's refusals). */
    public static byte[] body(ApiError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", error.detail());
        if (error.code() != null) {
            body.put("code", error.code());
        }
        if (!error.messages().isEmpty()) {
            body.put("messages", error.messages().stream().map(ApiErrorWriter::message).toList());
        }
        return JSON.writeValueAsBytes(body);
    }

    private static Map<String, String> message(ApiError.TokenMessage message) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("token_class", message.tokenClass());
        entry.put("token_type", message.tokenType());
        entry.put("message", message.message());
        return entry;
    }
}
