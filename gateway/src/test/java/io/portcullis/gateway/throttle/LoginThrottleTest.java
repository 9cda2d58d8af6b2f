package io.portcullis.gateway.throttle;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.StoreFailure;
import io.portcullis.policy.rate.Rate;
import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.rate.SlidingLogStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private static final PolicySnapshot WITH_LOGIN = TestPolicies.snapshot(
            Map.of("login", new Rate(2, Duration.ofMinutes(1))), 0, StoreFailure.LOCAL);

    private final LoginThrottle login = new LoginThrottle(Throttler.inMemory(
            new LocalRateLimiter(new SlidingLogStore(1_000, 10_000), () -> 0L), new SimpleMeterRegistry()));

    private RateDecision check(PolicySnapshot snapshot, String ip, String username) {
        return login.check(snapshot, ip, username).block(Duration.ofSeconds(5));
    }

    @Test
    void checkWhenLoginRateExceededForIpAndUsernameThenRefusedWithAWait() {
        check(WITH_LOGIN, "203.0.113.7", "alice");
        check(WITH_LOGIN, "203.0.113.7", "alice");

        RateDecision third = check(WITH_LOGIN, "203.0.113.7", "alice");

        assertThat(third.allowed()).isFalse();
        assertThat(third.waitSeconds()).isEqualTo(60);
    }

    @Test
    void checkWhenAnotherUsernameFromTheSameIpThenCountedApart() {
        check(WITH_LOGIN, "203.0.113.7", "alice");
        check(WITH_LOGIN, "203.0.113.7", "alice");

        assertThat(check(WITH_LOGIN, "203.0.113.7", "bob").allowed()).isTrue();
    }

    @Test
    void checkWhenTheSameUsernameFromAnotherIpThenCountedApart() {
        check(WITH_LOGIN, "203.0.113.7", "alice");
        check(WITH_LOGIN, "203.0.113.7", "alice");

        assertThat(check(WITH_LOGIN, "198.51.100.1", "alice").allowed()).isTrue();
    }

    @Test
    void checkWhenOneIpSpraysManyUsernamesThenCappedAtTenTimesTheRate() {
        for (int i = 0; i < 20; i++) {
            assertThat(check(WITH_LOGIN, "203.0.113.7", "user" + i).allowed()).isTrue();
        }

        RateDecision capped = check(WITH_LOGIN, "203.0.113.7", "user-twenty-one");

        assertThat(capped.allowed()).isFalse();
        assertThat(capped.limit()).isEqualTo(20);
    }

    @Test
    void checkWhenIpv6AddressesShareASlash64ThenTheyShareTheCap() {
        for (int i = 0; i < 20; i++) {
            check(WITH_LOGIN, "2001:db8:1:2::" + Integer.toHexString(i + 1), "user" + i);
        }

        assertThat(check(WITH_LOGIN, "2001:db8:1:2::ffff", "someone").allowed()).isFalse();
    }

    @Test
    void checkWhenPolicyHasNoLoginRateThenUnmetered() {
        PolicySnapshot without = TestPolicies.snapshot(Map.of(), 0, StoreFailure.LOCAL);

        assertThat(check(without, "203.0.113.7", "alice")).isEqualTo(RateDecision.UNMETERED);
    }
}
