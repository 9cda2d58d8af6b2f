package io.portcullis.policy.rate;

import io.portcullis.policy.model.Identity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleScopeTest {

    private static final Rate ANON = new Rate(100, Duration.ofHours(1));
    private static final Rate USER = new Rate(1000, Duration.ofHours(1));
    private static final Rate BURST = new Rate(10, Duration.ofSeconds(1));
    private static final Map<String, Rate> RATES = Map.of("anon", ANON, "user", USER, "burst", BURST);
    private static final Identity ALICE = new Identity("1", "alice", List.of(), false, "jwt", Map.of());

    @Test
    void keysWhenAnonymousThenAnonAndUserByClientIp() {
        assertThat(ThrottleScope.keys(List.of("anon", "user"), RATES, Identity.ANONYMOUS, "203.0.113.7")).containsExactly(
                new ThrottleKey("anon", "ip:203.0.113.7", "anon:ip:203.0.113.7", ANON),
                new ThrottleKey("user", "ip:203.0.113.7", "user:ip:203.0.113.7", USER));
    }

    @Test
    void keysWhenAuthenticatedThenAnonDoesNotApplyAndUserIsByUserId() {
        assertThat(ThrottleScope.keys(List.of("anon", "user"), RATES, ALICE, "203.0.113.7"))
                .containsExactly(new ThrottleKey("user", "u:1", "user:u:1", USER));
    }

    @Test
    void keysWhenCustomScopeThenScopeAndUserIdOrClientIp() {
        assertThat(ThrottleScope.keys(List.of("burst"), RATES, ALICE, "203.0.113.7"))
                .containsExactly(new ThrottleKey("burst", "u:1", "burst:u:1", BURST));
        assertThat(ThrottleScope.keys(List.of("burst"), RATES, Identity.ANONYMOUS, "2001:db8::/64"))
                .containsExactly(new ThrottleKey("burst", "ip:2001:db8::/64", "burst:ip:2001:db8::/64", BURST));
    }

    @Test
    void keysWhenUserIdLooksLikeAnAddressThenItNeverSharesTheAddressCounter() {
        Identity tricky = new Identity("203.0.113.7", "tricky", List.of(), false, "jwt", Map.of());

        String userKey = ThrottleScope.keys(List.of("user"), RATES, tricky, "198.51.100.1").get(0).key();
        String ipKey = ThrottleScope.keys(List.of("user"), RATES, Identity.ANONYMOUS, "203.0.113.7").get(0).key();

        assertThat(userKey).isNotEqualTo(ipKey);
    }

    @Test
    void keysWhenScopeHasNoRateThenSkipped() {
        assertThat(ThrottleScope.keys(List.of("nope", "user"), RATES, ALICE, "203.0.113.7"))
                .extracting(ThrottleKey::scope).containsExactly("user");
    }

    @Test
    void keysWhenRouteListsNoScopeThenNone() {
        assertThat(ThrottleScope.keys(List.of(), RATES, ALICE, "203.0.113.7")).isEmpty();
    }

    @Test
    void loginKeysWhenLoginRateThenIpAndUsernameAtTheRateAndIpAloneAtTenTimesIt() {
        Rate login = new Rate(5, Duration.ofMinutes(1));

        List<ThrottleKey> keys = ThrottleScope.loginKeys(login, "203.0.113.7", "alice");

        assertThat(keys).extracting(ThrottleKey::scope).containsExactly("login", "login_ip");
        assertThat(keys.get(0).rate()).isEqualTo(login);
        assertThat(keys.get(0).key()).startsWith("login:ip:203.0.113.7:user:");
        assertThat(keys.get(1)).isEqualTo(new ThrottleKey("login_ip", "ip:203.0.113.7", "login_ip:ip:203.0.113.7",
                new Rate(50, Duration.ofMinutes(1))));
    }

    @Test
    void keysWhenSeveralScopesThenAllCountOneSubjectSoAStoreCanKeepThemInOnePlace() {
        assertThat(ThrottleScope.keys(List.of("anon", "user", "burst"), RATES, Identity.ANONYMOUS, "203.0.113.7"))
                .extracting(ThrottleKey::subject).containsExactly("ip:203.0.113.7", "ip:203.0.113.7", "ip:203.0.113.7");
        assertThat(ThrottleScope.keys(List.of("user", "burst"), RATES, ALICE, "203.0.113.7"))
                .extracting(ThrottleKey::subject).containsExactly("u:1", "u:1");
    }

    @Test
    void loginKeysWhenLoginThenBothCountTheClientAddress() {
        assertThat(ThrottleScope.loginKeys(new Rate(5, Duration.ofMinutes(1)), "203.0.113.7", "alice"))
                .extracting(ThrottleKey::subject).containsExactly("ip:203.0.113.7", "ip:203.0.113.7");
    }

    @Test
    void loginKeysWhenUsernameSubmittedThenItNeverAppearsInTheKey() {
        String key = ThrottleScope.loginKeys(new Rate(5, Duration.ofMinutes(1)), "203.0.113.7", "hunter2-oops").get(0).key();

        assertThat(key).doesNotContain("hunter2").hasSize("login:ip:203.0.113.7:user:".length() + 32);
    }

    @Test
    void loginKeysWhenUsernamesDifferThenKeysDiffer() {
        Rate login = new Rate(5, Duration.ofMinutes(1));

        assertThat(ThrottleScope.loginKeys(login, "203.0.113.7", "alice").get(0))
                .isNotEqualTo(ThrottleScope.loginKeys(login, "203.0.113.7", "bob").get(0));
    }

    @Test
    void loginKeysWhenRateIsHugeThenTheCapSaturates() {
        Rate huge = new Rate(Integer.MAX_VALUE / 2, Duration.ofMinutes(1));

        assertThat(ThrottleScope.loginKeys(huge, "203.0.113.7", "alice").get(1).rate().count()).isEqualTo(Integer.MAX_VALUE);
    }
}
