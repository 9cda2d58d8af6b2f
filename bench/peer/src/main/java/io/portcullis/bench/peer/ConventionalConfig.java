package io.portcullis.bench.peer;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The conventional stack: Spring Security's OAuth2 resource server verifying HS256 JWTs with a
 * {@link NimbusReactiveJwtDecoder}, the built-in {@code RequestRateLimiter} with {@link RedisRateLimiter} keyed by
 * the JWT subject, and a filter forwarding the subject as a header. The rate is huge so nothing is refused: the
 * benchmark measures the cost of the work, not the limit.
 */
@Configuration(proxyBeanMethods = false)
@Profile("conventional")
class ConventionalConfig {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .authorizeExchange(ex -> ex.anyExchange().authenticated())
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> { }))
                .build();
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(@Value("${peer.jwt-secret}") String secret) {
        SecretKey key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        return NimbusReactiveJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
    }

    @Bean
    RedisRateLimiter redisRateLimiter(@Value("${peer.rate:1000000}") int rate) {
        return new RedisRateLimiter(rate, rate, 1);
    }

    @Bean
    KeyResolver subjectKeyResolver() {
        // the JwtAuthenticationToken's name is the JWT's "sub"
        return exchange -> exchange.getPrincipal().map(Principal::getName);
    }

    @Bean
    RouteLocator conventionalRoutes(RouteLocatorBuilder builder, @Value("${peer.upstream}") String upstream,
                                    RedisRateLimiter limiter, KeyResolver keyResolver) {
        GatewayFilter subjectHeader = (exchange, chain) -> exchange.getPrincipal()
                .flatMap(p -> chain.filter(exchange.mutate()
                        .request(r -> r.headers(h -> h.set("X-Auth-User-Id", p.getName())))
                        .build()));
        return builder.routes()
                .route("conventional", r -> r.path("/**")
                        .filters(f -> f
                                .requestRateLimiter(c -> c.setRateLimiter(limiter).setKeyResolver(keyResolver))
                                .filter(subjectHeader))
                        .uri(upstream))
                .build();
    }
}
