package io.portcullis.gateway.throttle;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.gateway.web.ExchangeAttributes;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.decide.Decision;
import io.portcullis.policy.decide.Verdict;
import io.portcullis.policy.expr.Permission;
import io.portcullis.policy.match.RouteMatch;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Route;
import io.portcullis.policy.model.StoreFailure;
import io.portcullis.policy.rate.Rate;
import io.portcullis.policy.rate.SlidingLogStore;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleFilterTest {

    private static final Identity ALICE = new Identity("1", "alice", List.of(), false, "jwt", Map.of());
    private static final Route LIMITED = TestPolicies.route("limited", List.of("anon", "user"));
    private static final Route BURST = TestPolicies.route("burst", List.of("user", "burst"));
    private static final Route FREE = TestPolicies.route("free", List.of());
    private static final PolicySnapshot SNAPSHOT = TestPolicies.snapshot(Map.of(
            "anon", new Rate(2, Duration.ofMinutes(1)),
            "user", new Rate(10, Duration.ofMinutes(1)),
            "burst", new Rate(3, Duration.ofSeconds(1))), 0, StoreFailure.LOCAL, LIMITED, BURST, FREE);
    private static final Decision GRANTED = new Decision(Verdict.GRANTED, "limited", "permission", new Permission.AllowAny());

    private final ThrottleFilter filter = new ThrottleFilter(Throttler.inMemory(
            new LocalRateLimiter(new SlidingLogStore(100, 1_000), () -> 0L), new SimpleMeterRegistry()));
    private final AtomicInteger forwarded = new AtomicInteger();
    private final WebFilterChain upstream = exchange -> {
        forwarded.incrementAndGet();
        return exchange.getResponse().setComplete();
    };

    private static MockServerWebExchange exchange(Route route, Identity identity, Decision decision, String... headers) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/" + route.id() + "/x")
                .remoteAddress(new InetSocketAddress("203.0.113.7", 40000));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        exchange.getAttributes().put(ExchangeAttributes.SNAPSHOT, SNAPSHOT);
        exchange.getAttributes().put(ExchangeAttributes.ROUTE_MATCH, new RouteMatch(route, Map.of()));
        exchange.getAttributes().put(ExchangeAttributes.IDENTITY, identity);
        if (decision != null) {
            exchange.getAttributes().put(ExchangeAttributes.DECISION, decision);
        }
        return exchange;
    }

    private MockServerWebExchange send(Route route, Identity identity, String... headers) {
        MockServerWebExchange exchange = exchange(route, identity, GRANTED, headers);
        filter.filter(exchange, upstream).block(Duration.ofSeconds(5));
        return exchange;
    }

    @Test
    void filterWhenUnderTheLimitThenForwardedWithTheTightestScopesHeaders() {
        ServerWebExchange exchange = send(LIMITED, Identity.ANONYMOUS);

        assertThat(forwarded).hasValue(1);
        assertThat(exchange.getResponse().getHeaders().getFirst("RateLimit-Limit")).isEqualTo("2");
        assertThat(exchange.getResponse().getHeaders().getFirst("RateLimit-Remaining")).isEqualTo("1");
        assertThat(exchange.getResponse().getHeaders().getFirst("RateLimit-Reset")).isEqualTo("60");
    }

    @Test
    void filterWhenOverTheLimitThen429WithDrfBodyAndRetryAfter() {
        send(LIMITED, Identity.ANONYMOUS);
        send(LIMITED, Identity.ANONYMOUS);

        MockServerWebExchange refused = send(LIMITED, Identity.ANONYMOUS);

        assertThat(forwarded).hasValue(2);
        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("60");
        assertThat(refused.getResponse().getBodyAsString().block())
                .isEqualTo("{\"detail\":\"Request was throttled. Expected available in 60 seconds.\"}");
        assertThat(refused.getResponse().getHeaders().containsHeader("RateLimit-Limit")).isFalse();
    }

    @Test
    void filterWhenAuthenticatedThenTheAnonScopeDoesNotCount() {
        for (int i = 0; i < 3; i++) {
            send(LIMITED, ALICE);
        }

        ServerWebExchange exchange = send(LIMITED, ALICE);

        assertThat(forwarded).hasValue(4);
        assertThat(exchange.getResponse().getHeaders().getFirst("RateLimit-Limit")).isEqualTo("10");
    }

    @Test
    void filterWhenRouteListsACustomScopeThenItCountsToo() {
        for (int i = 0; i < 3; i++) {
            send(BURST, ALICE);
        }

        assertThat(send(BURST, ALICE).getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void filterWhenForwardingHeadersAreSpoofedWithoutProxiesThenKeyedBySocketPeer() {
        send(LIMITED, Identity.ANONYMOUS, "X-Forwarded-For", "192.0.2.1");
        send(LIMITED, Identity.ANONYMOUS, "X-Real-IP", "192.0.2.2");

        MockServerWebExchange third = send(LIMITED, Identity.ANONYMOUS, "Forwarded", "for=192.0.2.3");

        assertThat(third.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void filterWhenUpstreamSendsRateLimitHeadersThenTheGatewaysReplaceThem() {
        MockServerWebExchange exchange = exchange(LIMITED, Identity.ANONYMOUS, GRANTED);

        filter.filter(exchange, e -> {
            e.getResponse().getHeaders().set("RateLimit-Limit", "999");
            return e.getResponse().setComplete();
        }).block(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getHeaders().get("RateLimit-Limit")).containsExactly("2");
    }

    @Test
    void filterWhenRouteListsNoScopeThenForwardedWithoutHeaders() {
        for (int i = 0; i < 5; i++) {
            send(FREE, Identity.ANONYMOUS);
        }

        assertThat(forwarded).hasValue(5);
        assertThat(send(FREE, Identity.ANONYMOUS).getResponse().getHeaders().containsHeader("RateLimit-Limit")).isFalse();
    }

    @Test
    void filterWhenPermissionWasNotGrantedThenNothingIsCounted() {
        Decision denied = new Decision(Verdict.NOT_AUTHENTICATED, "limited", "permission", new Permission.DenyAll());
        for (int i = 0; i < 3; i++) {
            filter.filter(exchange(LIMITED, Identity.ANONYMOUS, denied), upstream).block(Duration.ofSeconds(5));
        }

        assertThat(send(LIMITED, Identity.ANONYMOUS).getResponse().getStatusCode()).isNotEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void filterWhenNoRouteMatchedThenPassedOnUncounted() {
        MockServerWebExchange own = MockServerWebExchange.from(MockServerHttpRequest.post("/auth/token/"));

        filter.filter(own, upstream).block(Duration.ofSeconds(5));

        assertThat(forwarded).hasValue(1);
        assertThat(own.getResponse().getHeaders().containsHeader("RateLimit-Limit")).isFalse();
    }
}
