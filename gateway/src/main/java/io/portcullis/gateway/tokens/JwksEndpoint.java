package io.portcullis.gateway.tokens;

import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.policy.token.SigningKeys;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.function.Supplier;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;

/**
 * {@code GET /auth/jwks.json}: the public signing keys as a JWK Set (RFC 7517), so upstreams can verify tokens
 * themselves: the keys serving now (they follow the keys directory); with HS256 it is {@code {"keys":[]}}.
 */
public final class JwksEndpoint {

    public static final String PATH = "/auth/jwks.json";
    /** A short cache keeps rotation quick for verifiers (which refetch on an unknown kid anyway). */
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

    private final Supplier<SigningKeys> keys;

    public JwksEndpoint(Supplier<SigningKeys> keys) {
        this.keys = keys;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(PATH, request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CACHE)
                        .bodyValue(keys.get().publicJwks()))
                .route(path(PATH), request ->
                        Mono.error(new ApiErrorException(ApiError.methodNotAllowed(request.method().name(), "GET, HEAD"))))
                .build();
    }
}
