package io.portcullis.gateway.throttle;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.rate.Rate;
import io.portcullis.policy.rate.RateDecision;
import io.portcullis.policy.rate.ThrottleScope;
import reactor.core.publisher.Mono;

/**
 * The {@code login} scope of the token-obtaining endpoints (DESIGN.md "Throttle scopes"): each attempt counts under
 * client IP + submitted username at the {@code login} rate, and under client IP alone at ten times it (password
 * spraying). A refused decision becomes {@code ApiError.throttled(decision.waitSeconds())}.
 */
public final class LoginThrottle {

    private final Throttler throttler;

    public LoginThrottle(Throttler throttler) {
        this.throttler = throttler;
    }

    /**
     * Counts one login attempt. {@code clientIp} is {@link ClientIps#of}'s answer; {@code normalisedUsername} is the
     * username as the login compares it. Emits {@link RateDecision#UNMETERED} when the policy has no {@code login}
     * rate; never emits an error ({@code store_failure} applies).
     */
    public Mono<RateDecision> check(PolicySnapshot snapshot, String clientIp, String normalisedUsername) {
        Rate login = snapshot.policy().throttleRates().get(ThrottleScope.LOGIN);
        if (login == null) {
            return Mono.just(RateDecision.UNMETERED);
        }
        String username = normalisedUsername == null ? "" : normalisedUsername;
        return throttler.acquire(ThrottleScope.loginKeys(login, ClientIps.ident(clientIp), username),
                snapshot.policy().storeFailure(), snapshot.policy().storeTimeout()).map(RateDecision::of);
    }
}
