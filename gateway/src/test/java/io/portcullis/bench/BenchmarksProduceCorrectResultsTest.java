package io.portcullis.bench;

import io.portcullis.policy.decide.Decision;
import io.portcullis.policy.decide.Verdict;
import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.token.InvalidTokenException;
import io.portcullis.policy.token.TokenType;
import io.portcullis.policy.token.VerifiedToken;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each JMH benchmark, run once on its set-up state, does the work it claims to measure: a benchmark that silently
 * measured an error path (an expired token, no route, a refusal, a spoofed header kept) fails here, under CI.
 */
class BenchmarksProduceCorrectResultsTest {

    @Test
    void verifyCacheMissWhenSetUpThenAlicesAccessToken() throws InvalidTokenException {
        JwtVerifyBenchmark benchmark = new JwtVerifyBenchmark();
        benchmark.setUp();

        VerifiedToken token = benchmark.verifyCacheMiss();

        assertThat(token.subject()).isEqualTo("1");
        assertThat(token.type()).isEqualTo(TokenType.ACCESS);
    }

    @Test
    void verifyCacheHitWhenSetUpThenAlicesAccessToken() throws InvalidTokenException {
        JwtVerifyBenchmark benchmark = new JwtVerifyBenchmark();
        benchmark.setUp();

        VerifiedToken token = benchmark.verifyCacheHit();

        assertThat(token.subject()).isEqualTo("1");
        assertThat(token.type()).isEqualTo(TokenType.ACCESS);
    }

    @Test
    void verifyCacheMissWhenCalledAgainThenVerifiesAfresh() throws InvalidTokenException {
        JwtVerifyBenchmark benchmark = new JwtVerifyBenchmark();
        benchmark.setUp();

        assertThat(benchmark.verifyCacheMiss()).isNotSameAs(benchmark.verifyCacheMiss());
    }

    @Test
    void verifyCacheHitWhenCalledAgainThenAnswersFromTheCache() throws InvalidTokenException {
        JwtVerifyBenchmark benchmark = new JwtVerifyBenchmark();
        benchmark.setUp();

        assertThat(benchmark.verifyCacheHit()).isSameAs(benchmark.verifyCacheHit());
    }

    @Test
    void routeAndDecideGrantedWhenAliceReadsHerProfileThenGrantedOnUserProfile() {
        RoutePermissionBenchmark benchmark = new RoutePermissionBenchmark();
        benchmark.setUp();

        Decision decision = benchmark.routeAndDecideGranted();

        assertThat(decision.verdict()).isEqualTo(Verdict.GRANTED);
        assertThat(decision.routeId()).isEqualTo("user-profile");
    }

    @Test
    void routeAndDecideDeniedWhenBobDeletesAPostThenPermissionDeniedOnPosts() {
        RoutePermissionBenchmark benchmark = new RoutePermissionBenchmark();
        benchmark.setUp();

        Decision decision = benchmark.routeAndDecideDenied();

        assertThat(decision.verdict()).isEqualTo(Verdict.PERMISSION_DENIED);
        assertThat(decision.routeId()).isEqualTo("posts");
        assertThat(decision.rule()).startsWith("methods.DELETE: ");
    }

    @Test
    void decideWhenSetUpThenAdmittedUnderTheTightestScope() {
        LocalRateLimitBenchmark benchmark = new LocalRateLimitBenchmark();
        benchmark.setUp();

        RateDecision decision = benchmark.decide();

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.limit()).isEqualTo(60);
        assertThat(decision.remaining()).isEqualTo(59);
    }

    @Test
    void decideWhenCalledFarPastTheHourlyRateThenStillAdmitted() {
        LocalRateLimitBenchmark benchmark = new LocalRateLimitBenchmark();
        benchmark.setUp();
        for (int i = 0; i < 5_000; i++) {
            benchmark.decide();
        }

        RateDecision decision = benchmark.decide();

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.remaining()).isEqualTo(60 - 15);
    }

    @Test
    void rewriteWhenIdentityHeadersAreSpoofedThenOnlyAlicesIdentityReachesUpstream() {
        IdentityHeadersBenchmark benchmark = new IdentityHeadersBenchmark();
        benchmark.setUp();

        HttpHeaders upstream = benchmark.rewrite();

        assertThat(upstream.get("X-Auth-User-Id")).containsExactly("1");
        assertThat(upstream.get("X-Auth-Username")).containsExactly("alice");
        assertThat(upstream.get("X-Auth-Claim-Org")).containsExactly("acme");
        assertThat(upstream.containsHeader("X-Auth-User")).isFalse();
        assertThat(upstream.containsHeader("X_Auth_User_Id")).isFalse();
        assertThat(upstream.containsHeader("Authorization")).isFalse();
        assertThat(upstream.get("Accept")).containsExactly("application/json");
    }

    @Test
    void benchmarkListWhenTestsAreCompiledThenNamesEveryBenchmark() throws IOException {
        String list;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertThat(in).as("JMH's annotation processor wrote META-INF/BenchmarkList").isNotNull();
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(list).contains("JwtVerifyBenchmark_verifyCacheMiss_jmhTest", "JwtVerifyBenchmark_verifyCacheHit_jmhTest",
                "RoutePermissionBenchmark_routeAndDecideGranted_jmhTest",
                "RoutePermissionBenchmark_routeAndDecideDenied_jmhTest", "LocalRateLimitBenchmark_decide_jmhTest",
                "IdentityHeadersBenchmark_rewrite_jmhTest");
    }
}
