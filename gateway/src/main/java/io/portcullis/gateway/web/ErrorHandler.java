package io.portcullis.gateway.web;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.portcullis.gateway.tokens.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** The one error handler: every failure becomes a JSON {@link ApiError}; unexpected ones are logged without secrets. */
@Order(-2)
public final class ErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        return answer(exchange, failure);
    }

    /**
     * Answers {@code failure} with its {@link ApiError}. Once the answer has started (the upstream's status line was
     * sent) it can no longer say that it failed: it is cut short instead, and the access log says why
     * ({@code upstream_reset} when the upstream broke off).
     */
    public static Mono<Void> answer(ServerWebExchange exchange, Throwable failure) {
        if (!exchange.getResponse().isCommitted()) {
            return ApiErrorWriter.write(exchange, toApiError(failure));
        }
        ApiError error;
        if (!Truncation.cut(exchange)) {
            error = ApiError.clientClosed();
        } else if (isUpstreamFailure(failure)) {
            log.warn("upstream failed after its answer started; client connection cut: {}", failure.getClass().getName());
            error = ApiError.upstreamReset();
        } else {
            error = toApiError(failure);
        }
        exchange.getAttributes().put(ExchangeAttributes.ERROR, error);
        return Mono.empty();
    }

    /** The upstream reset, closed early or answered with bytes that are not HTTP (DESIGN.md pipeline step 5). */
    private static boolean isUpstreamFailure(Throwable failure) {
        return failure instanceof IOException || failure instanceof DecoderException;
    }

    public static ApiError toApiError(Throwable failure) {
        if (failure instanceof ApiErrorException e) {
            return e.error();
        }
        if (failure instanceof StoreUnavailableException e) {
            if (e.notSent()) {
                log.debug("token store unavailable: {}", e.getMessage());
            } else {
                log.warn("token store unavailable: {}", e.getMessage());
            }
            return ApiError.storeUnavailable();
        }
        if (failure instanceof ReadTimeoutException) {
            // the server's read timeout: the client stopped sending its request (RequestLimits.readTimeout)
            return ApiError.bodyTimedOut();
        }
        if (failure instanceof ConnectTimeoutException || failure instanceof TimeoutException) {
            return ApiError.gatewayTimeout();
        }
        if (failure instanceof ConnectException) {
            return ApiError.badGateway();
        }
        if (isUpstreamFailure(failure)) {
            log.warn("upstream failed: {}", failure.getClass().getName());
            return ApiError.upstreamFailed();
        }
        if (failure instanceof AbortedException) {
            // the client went away (closed its connection) before its answer could be written: routine, not an error
            log.debug("client closed the connection before its answer: {}", failure.getMessage());
            return ApiError.clientClosed();
        }
        if (failure instanceof MethodNotAllowedException e) {
            return ApiError.methodNotAllowed(e.getHttpMethod(), e.getSupportedMethods().stream().map(HttpMethod::name)
                    .sorted().collect(Collectors.joining(", ")));
        }
        if (failure instanceof ResponseStatusException e) {
            HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
            return ApiError.ofStatus(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status);
        }
        log.error("unexpected failure: {}", failure.getClass().getName(), failure);
        return ApiError.serverError();
    }
}
