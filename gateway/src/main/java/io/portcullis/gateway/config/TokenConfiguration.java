package io.portcullis.gateway.config;

import io.portcullis.gateway.authn.ApiKeyAuthenticator;
import io.portcullis.gateway.authn.BasicAuthenticator;
import io.portcullis.gateway.authn.CookieAuthenticator;
import io.portcullis.gateway.authn.JwtAuthenticator;
import io.portcullis.gateway.authn.JwtVerifiers;
import io.portcullis.gateway.authn.OpaqueTokenAuthenticator;
import io.portcullis.gateway.authn.Passwords;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.store.StoreBreaker;
import io.portcullis.gateway.throttle.LoginThrottle;
import io.portcullis.gateway.tokens.MemoryTokenStore;
import io.portcullis.gateway.tokens.RedisTokenStore;
import io.portcullis.gateway.tokens.TokenEndpoints;
import io.portcullis.gateway.tokens.TokenService;
import io.portcullis.gateway.tokens.TokenStore;
import io.portcullis.gateway.users.UserStores;
import io.portcullis.policy.token.JwtIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import io.portcullis.gateway.web.PublicPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;

/** Wiring of the token service: store (Redis when REDIS_URL is set, else memory), endpoints, authenticators. */
@Configuration(proxyBeanMethods = false)
public class TokenConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TokenConfiguration.class);

    @Bean
    TokenStore tokenStore(ObjectProvider<ReactiveStringRedisTemplate> redis, ObjectProvider<StoreBreaker> breaker,
                          Clock clock, @Value("${portcullis.store.key-prefix:portcullis:}") String prefix,
                          @Value("${portcullis.store.token-deadline:500ms}") Duration deadline,
                          @Value("${portcullis.store.memory-max-entries:1000000}") int maxEntries) {
        ReactiveStringRedisTemplate template = redis.getIfAvailable();
        if (template != null) {
            return new RedisTokenStore(template, prefix, deadline, breaker.getObject(), clock);
        }
        log.warn("REDIS_URL is not set: opaque tokens, refresh-token state and blacklists are kept in memory "
                + "(one instance only; lost on restart)");
        return new MemoryTokenStore(clock, maxEntries);
    }

    /** The users behind credentials: users.yaml's, or a database's (users.source: sql), each look-up within the deadline. */
    @Bean
    UserStores userStores(@Value("${portcullis.users.query-timeout:2s}") Duration queryTimeout, PolicyHolder holder) {
        UserStores stores = new UserStores(queryTimeout);
        stores.prepare(holder.current());
        return stores;
    }

    /** bcrypt is slow on purpose: a small bounded pool, never the event loop. */
    @Bean(destroyMethod = "dispose")
    Scheduler passwordScheduler() {
        return Schedulers.newBoundedElastic(Math.max(2, Runtime.getRuntime().availableProcessors()), 1000, "password-check");
    }

    @Bean
    Passwords passwords(Scheduler passwordScheduler) {
        return new Passwords(passwordScheduler);
    }

    @Bean
    OpaqueTokenAuthenticator opaqueTokenAuthenticator(TokenStore store, UserStores users, Clock clock) {
        return new OpaqueTokenAuthenticator(store, users, clock);
    }

    @Bean
    CookieAuthenticator cookieAuthenticator(JwtAuthenticator jwt) {
        return new CookieAuthenticator(jwt);
    }

    @Bean
    ApiKeyAuthenticator apiKeyAuthenticator(UserStores users) {
        return new ApiKeyAuthenticator(users);
    }

    @Bean
    BasicAuthenticator basicAuthenticator(Passwords passwords, UserStores users) {
        return new BasicAuthenticator(passwords, users);
    }

    @Bean
    TokenService tokenService(Passwords passwords, UserStores users, JwtIssuer issuer, JwtVerifiers verifiers,
                              TokenStore store, Clock clock) {
        return new TokenService(passwords, users, issuer, verifiers, store, clock);
    }

    /**
     * On the public port only: the management server is a child context that would serve its parent's routers too,
     * without the pipeline (no login throttle, no request guard).
     */
    @Bean
    RouterFunction<ServerResponse> tokenRoutes(TokenService tokens, PolicyHolder holder, OpaqueTokenAuthenticator opaque,
                                               LoginThrottle loginThrottle, PublicPort publicPort) {
        return publicPort.only(new TokenEndpoints(tokens, holder, opaque, loginThrottle).routes());
    }
}
