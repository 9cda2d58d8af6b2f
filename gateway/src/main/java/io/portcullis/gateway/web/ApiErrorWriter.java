package io.portcullis.gateway.web;

import org.springframework.core.io.buffer.DataBuffer;
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
        DataBuffer buffer = response.bufferFactory().wrap(body(error));
        return response.writeWith(Mono.just(buffer));
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
