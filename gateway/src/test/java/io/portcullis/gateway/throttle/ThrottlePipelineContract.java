package io.portcullis.gateway.throttle;

import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.policy.rate.RateDecision;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md "Throttle scopes" end to end, written once and run with Redis and in memory. Each test has its own scope
 * in the {@code throttle} fixture, so tests sharing a gateway never share a counter.
 */
abstract class ThrottlePipelineContract {

    static final String THROTTLED_BODY = "{\"detail\":\"Request was throttled. Expected available in %s seconds.\"}";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    LoginThrottle loginThrottle;

    @Autowired
    PolicyHolder holder;

    abstract GatewayHarness harness();

    HttpResponse<String> get(String path, String... headers) {
        return harness().send(port, "GET", path, headers);
    }

    static String bearer(io.portcullis.policy.model.User user, GatewayHarness harness) {
        return "Bearer " + harness.accessToken(user);
    }

    List<Integer> statuses(int count, String path, String... headers) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(get(path, headers).statusCode());
        }
        return statuses;
    }

    @Test
    void aBurstOfNPlusKAdmitsExactlyNAndTheRestNeverReachUpstream() {
        List<Integer> statuses = statuses(5, "/burst/x");

        assertThat(statuses).containsExactly(200, 200, 429, 429, 429);
        assertThat(harness().upstream().findAll(anyRequestedFor(urlPathMatching("/burst/.*")))).hasSize(2);
    }

    @Test
    void aThrottledRequestGetsDrfsBodyAndRetryAfterInWholeSeconds() {
        statuses(2, "/retry/x");

        HttpResponse<String> refused = get("/retry/x");

        assertThat(refused.statusCode()).isEqualTo(429);
        String retryAfter = refused.headers().firstValue("Retry-After").orElseThrow();
        assertThat(Integer.parseInt(retryAfter)).isBetween(59, 60);
        assertThat(refused.body()).isEqualTo(THROTTLED_BODY.formatted(retryAfter));
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void fiftyConcurrentRequestsAdmitExactlyTheLimit() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/concurrent/x"))
                    .timeout(Duration.ofSeconds(20)).GET().build();
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
        }

        List<Integer> statuses = responses.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(20);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(30);
    }

    @Test
    void admittedResponsesCarryTheRateLimitHeadersOfTheTightestScope() {
        HttpResponse<String> response = get("/tightest/x", "Authorization", bearer(Users.ALICE, harness()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("RateLimit-Limit")).contains("3");
        assertThat(response.headers().firstValue("RateLimit-Remaining")).contains("2");
        assertThat(Integer.parseInt(response.headers().firstValue("RateLimit-Reset").orElseThrow())).isBetween(59, 60);
    }

    @Test
    void theWindowSlidesOpenAgainOnceTheOldestRequestLeavesIt() throws InterruptedException {
        int first = get("/fast/x").statusCode();
        long oldestCountedBefore = System.nanoTime();
        List<Integer> rest = statuses(2, "/fast/x");
        HttpResponse<String> refused = get("/fast/x");
        long waitNanos = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) * 1_000_000_000L;

        Thread.sleep(Math.max(0, (oldestCountedBefore + waitNanos - System.nanoTime()) / 1_000_000) + 20);

        assertThat(first).isEqualTo(200);
        assertThat(rest).containsExactly(200, 200);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(get("/fast/x").statusCode()).isEqualTo(200);
    }

    @Test
    void theAnonScopeCountsAnonymousRequestsByClientIpAndNeverAuthenticatedOnes() {
        List<Integer> anonymous = statuses(4, "/anon/x");

        HttpResponse<String> alice = get("/anon/x", "Authorization", bearer(Users.ALICE, harness()));

        assertThat(anonymous).containsExactly(200, 200, 200, 429);
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.headers().firstValue("RateLimit-Limit")).contains("1000");
    }

    @Test
    void eachUserHasTheirOwnCounterAndAnonymousClientsAreCountedByIp() {
        assertThat(get("/peruser/x", "Authorization", bearer(Users.ALICE, harness())).statusCode()).isEqualTo(200);
        assertThat(get("/peruser/x", "Authorization", bearer(Users.ALICE, harness())).statusCode()).isEqualTo(429);

        assertThat(get("/peruser/x", "Authorization", bearer(Users.BOB, harness())).statusCode()).isEqualTo(200);
        assertThat(get("/peruser/x").statusCode()).isEqualTo(200);
    }

    @Test
    void aRouteWithoutScopesIsNeitherCountedNorAnnotated() {
        List<Integer> statuses = statuses(10, "/free/x");

        assertThat(statuses).containsOnly(200);
        assertThat(get("/free/x").headers().firstValue("RateLimit-Limit")).isEmpty();
    }

    @Test
    void deniedRequestsAreAnsweredBeforeTheyAreCounted() {
        HttpResponse<String> anonymous = get("/private/x");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("RateLimit-Limit")).isEmpty();
    }

    @Test
    void loginIsLimitedPerClientIpAndUsernameAndPerClientIpAtTenTimesTheRate() {
        List<Boolean> alice = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            alice.add(loginThrottle.check(holder.current(), "192.0.2.50", "alice").block(Duration.ofSeconds(5)).allowed());
        }
        List<Boolean> spray = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            spray.add(loginThrottle.check(holder.current(), "192.0.2.51", "user" + (i / 5)).block(Duration.ofSeconds(5)).allowed());
        }
        RateDecision otherIp = loginThrottle.check(holder.current(), "192.0.2.52", "alice").block(Duration.ofSeconds(5));

        assertThat(alice).containsExactly(true, true, true, true, true, false);
        assertThat(spray.subList(0, 50)).containsOnly(true);
        assertThat(spray.get(50)).isFalse();
        assertThat(otherIp.allowed()).isTrue();
    }
}
