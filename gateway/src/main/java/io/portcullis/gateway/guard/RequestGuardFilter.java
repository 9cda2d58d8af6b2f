package io.portcullis.gateway.guard;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.gateway.web.ApiErrorWriter;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.gateway.web.Phase;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Before anything else reads a public request: refuses more than one Host (400), too many header fields (431), a
 * declared body over the limit (413), and transfer codings other than plain {@code chunked} (501, RFC 9112 section
 * 6.1); a chunked body is cut off with 413 when it grows past the limit. Conflicting {@code Content-Length}/{@code
 * Transfer-Encoding} never get here: the HTTP codec refuses them with 400 ({@link CodecRefusals}).
 */
public final class RequestGuardFilter implements Phase {

    private final RequestLimits limits;

    public RequestGuardFilter(RequestLimits limits) {
        this.limits = limits;
    }

    @Override
    public int getOrder() {
        return FilterOrder.REQUEST_GUARD;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        ApiError refused = refusal(request.getHeaders());
        if (refused != null) {
            return ApiErrorWriter.write(exchange, refused);
        }
        if (!request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(new LimitedBody(request, limits.maxBodySize().toBytes())).build());
    }

    private ApiError refusal(HttpHeaders headers) {
        if (moreThanOneHost(headers.get(HttpHeaders.HOST))) {
            // RFC 9112 section 3.2: which one names the target would be anyone's guess, so neither does
            return ApiError.badRequest("More than one Host header.", "duplicate_host");
        }
        int count = 0;
        for (String name : headers.headerNames()) {
            count += headers.get(name).size();
        }
        if (count > limits.maxHeaderCount()) {
            return ApiError.limitExceeded(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "Too many request header fields (at most " + limits.maxHeaderCount() + ").", "too_many_headers");
        }
        if (headers.getContentLength() > limits.maxBodySize().toBytes()) {
            return tooLarge();
        }
        String coding = headers.getFirst(HttpHeaders.TRANSFER_ENCODING);
        if (coding != null && !coding.trim().toLowerCase(Locale.ROOT).equals("chunked")) {
            return ApiError.limitExceeded(HttpStatus.NOT_IMPLEMENTED, "Transfer-Encoding other than chunked is not supported.",
                    "transfer_coding");
        }
        return null;
    }

    /** Two Host field lines, or one with a list of values. */
    private static boolean moreThanOneHost(List<String> hosts) {
        return hosts != null && (hosts.size() > 1 || hosts.size() == 1 && hosts.get(0).indexOf(',') >= 0);
    }

    private ApiError tooLarge() {
        return ApiError.limitExceeded(HttpStatus.CONTENT_TOO_LARGE,
                "Request body too large (at most " + limits.maxBodySize().toBytes() + " bytes).", "body_too_large");
    }

    /** A chunked body that fails with 413 once it has delivered more than {@code max} bytes. */
    private final class LimitedBody extends ServerHttpRequestDecorator {
        private final long max;

        LimitedBody(ServerHttpRequest delegate, long max) {
            super(delegate);
            this.max = max;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong seen = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > max) {
                    DataBufferUtils.release(buffer);
                    sink.error(new ApiErrorException(tooLarge()));
                } else {
                    sink.next(buffer);
                }
            });
        }
    }
}
