package io.portcullis.gateway.throttle;

import io.netty.channel.EventLoopGroup;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.client.ReactorResourceFactory;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.store.RedisConnection;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RedisHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import io.portcullis.gateway.web.FilterOrder;
import io.portcullis.gateway.web.Phase;
import reactor.core.publisher.Mono;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The throttle phase with {@code REDIS_URL} set: the contract, plus what only a shared store gives: one limit across
 * gateway instances, and bounded keys in Redis. Runs as if on Kubernetes, where Spring Boot would otherwise let the
 * web server take the client address from forwarding headers.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ThrottleRedisIntegrationTest.ForwardingThreads.class)
class ThrottleRedisIntegrationTest extends ThrottlePipelineContract {

    /** Records the thread that forwards each request upstream (the last phase: the request is forwarded next). */
    static class ForwardingThreads implements Phase {
        static final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain next) {
            names.add(Thread.currentThread().getName());
            return next.filter(exchange);
        }

        @Override
        public int getOrder() {
            return FilterOrder.REQUEST_BODY + 1;
        }
    }

    static final GatewayHarness harness = new GatewayHarness();
    static final String PREFIX = RedisHarness.keyPrefix();
    static final Path POLICY = PolicyFixture.write("throttle", Map.of("upstream", harness.upstreamUrl(), "numProxies", "0"));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", POLICY::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("management.endpoint.health.show-details", () -> "always");
        registry.add("redis.url", () -> RedisHarness.shared().url());
        registry.add("portcullis.store.key-prefix", () -> PREFIX);
        registry.add("spring.main.cloud-platform", () -> "kubernetes");
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    @Override
    GatewayHarness harness() {
        return harness;
    }

    @Autowired
    LettuceConnectionFactory redis;

    @Autowired
    ReactorResourceFactory webServerResources;

    @Test
    void redisIoRunsOnTheWebServersEventLoopsNotOnThreadsOfLettuce() {
        EventLoopGroup lent = redis.getClientConfiguration().getClientResources().orElseThrow()
                .eventLoopGroupProvider().allocate(EventLoopGroup.class);

        assertThat(lent).isSameAs(webServerResources.getLoopResources().onServer(true));
    }

    @Test
    void twoGatewayInstancesOnOneRedisShareOneLimit() {
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--server.port=0", "--management.server.port=0", "--portcullis.policy.dir=" + POLICY,
                "--portcullis.jwt.secret=" + GatewayHarness.JWT_SECRET, "--redis.url=" + RedisHarness.shared().url(),
                "--portcullis.store.key-prefix=" + PREFIX)) {
            int secondPort = Integer.parseInt(second.getEnvironment().getRequiredProperty("local.server.port"));
            List<Integer> statuses = new ArrayList<>();

            for (int i = 0; i < 8; i++) {
                statuses.add(harness.send(i % 2 == 0 ? port : secondPort, "GET", "/shared/x").statusCode());
            }

            assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429, 429, 429);
        }
    }

    @Test
    void spoofedForwardingHeadersNeverChangeTheClientWithoutTrustedProxies() {
        get("/spoof/x", "X-Forwarded-For", "192.0.2.1");
        get("/spoof/x", "X-Real-IP", "192.0.2.2");

        HttpResponse<String> third = get("/spoof/x", "Forwarded", "for=192.0.2.3", "X-Forwarded-For", "192.0.2.3");

        assertThat(third.statusCode()).isEqualTo(429);
    }

    @Test
    void everyThrottleKeyInRedisHasATtlOfAtMostItsPeriodPlusSlack() {
        statuses(2, "/burst/ttl");
        get("/tightest/ttl", "Authorization", bearer(GatewayHarness.Users.BOB, harness));
        LettuceConnectionFactory factory = RedisConnection.factory(RedisHarness.shared().url(), Duration.ofSeconds(2));
        factory.afterPropertiesSet();
        factory.start();
        try {
            ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(factory);
            List<String> keys = redis.scan(ScanOptions.scanOptions().match(PREFIX + "*").build()).collectList().block();

            assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(key).startsWith(PREFIX + "throttle:"));
            // -1 would be a key without TTL; -2 is a short-period key that expired between SCAN and PTTL: it had one.
            assertThat(keys).allSatisfy(key -> assertThat(redis.execute(c -> c.keyCommands()
                            .pTtl(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))).blockLast())
                    .satisfiesAnyOf(ttl -> assertThat(ttl).isEqualTo(-2L),
                            ttl -> assertThat(ttl).isBetween(1L, 60_000L + RedisRateLimiter.TTL_SLACK_MILLIS)));
        } finally {
            factory.destroy();
        }
    }

    @Test
    void afterRedisAnswersTheRequestIsForwardedFromItsOwnEventLoopNotLettuces() {
        ForwardingThreads.names.clear();

        List<Integer> statuses = statuses(3, "/threads/x");

        assertThat(statuses).containsOnly(200);
        // the web server's event loops (Boot names them webflux-http-*), not lettuce-* nor Reactor's parallel-*
        assertThat(ForwardingThreads.names).isNotEmpty()
                .allSatisfy(name -> assertThat(name).matches("[a-z]+-http-(epoll|nio|kqueue|io_uring)-\\d+"));
    }

    @Test
    void healthReportsTheSharedStoreUp() {
        HttpResponse<String> health = harness.send(managementPort, "GET", "/actuator/health/throttleStore");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"store\":\"redis\"");
    }
}
