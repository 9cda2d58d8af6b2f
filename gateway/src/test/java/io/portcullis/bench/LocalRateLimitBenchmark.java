package io.portcullis.bench;

import io.portcullis.gateway.throttle.LocalRateLimiter;
import io.portcullis.gateway.throttle.ThrottleProperties;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.Route;
import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.rate.SlidingLogStore;
import io.portcullis.policy.rate.ThrottleKey;
import io.portcullis.policy.rate.ThrottleScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The in-memory limiter's decision for one request, as {@code ThrottleFilter} asks for it without Redis: the
 * route's keys ({@code user} 1000/hour and {@code burst} 60/minute for alice), the all-or-nothing count in
 * {@link LocalRateLimiter} (subscribed with {@code block()}, which returns at once: the limiter never waits) and the
 * tightest decision.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LocalRateLimitBenchmark {

    /**
     * The limiter's clock advances this much per decision, so the benchmark measures a steady state that always
     * admits: 900 of alice's requests in her hourly window and 15 in her burst window, one leaving each per request.
     * (A real clock would fill the windows within microseconds and measure refusals.)
     */
    static final long STEP_MILLIS = 4_000;

    LocalRateLimiter limiter;
    Policy policy;
    Route route;
    Identity alice;
    String client = "203.0.113.7";
    private long now;

    @Setup
    public void setUp() {
        BenchPolicy bench = BenchPolicy.load();
        policy = bench.snapshot().policy();
        route = policy.routes().stream().filter(r -> r.id().equals("user-profile")).findFirst().orElseThrow();
        alice = bench.identity("alice");
        ThrottleProperties defaults = new ThrottleProperties(null, null, null);
        limiter = new LocalRateLimiter(new SlidingLogStore(defaults.maxKeys(), defaults.maxSlots()), this::tick);
    }

    @Benchmark
    public RateDecision decide() {
        List<ThrottleKey> keys = ThrottleScope.keys(route.throttle(), policy.throttleRates(), alice, client);
        return RateDecision.of(limiter.acquire(keys).block());
    }

    private long tick() {
        now += STEP_MILLIS;
        return now;
    }
}
