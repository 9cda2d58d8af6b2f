package io.portcullis.policy.rate;

import java.util.Comparator;
import java.util.List;

/**
 * A limiter's answer for one key: {@code allowed}, and the figures a client is told. {@code remaining} is how many
 * more requests the window admits now; {@code resetSeconds} is when the oldest counted request leaves the window (so
 * {@code remaining} grows again); {@code waitSeconds} is, for a refusal, when a retry is first admitted (DRF's
 * {@code wait()}, rounded up as DRF's {@code Throttled} does), and 0 for an admission. A {@code limit} of 0 means no
 * limit was applied ({@link #UNMETERED}).
 */
public record RateDecision(boolean allowed, int limit, int remaining, long resetSeconds, long waitSeconds) {

    /** Admitted without counting: no rate applies, or {@code store_failure: allow} while the store is away. */
    public static final RateDecision UNMETERED = new RateDecision(true, 0, 0, 0, 0);

    public RateDecision {
        if (limit < 0 || remaining < 0 || resetSeconds < 0 || waitSeconds < 0) {
            throw new IllegalArgumentException("figures of a rate decision are never negative");
        }
        if (allowed == (waitSeconds > 0)) {
            throw new IllegalArgumentException("a refusal, and only a refusal, has a wait");
        }
    }

    /** An admission with {@code remaining} left; the oldest counted request leaves the window in {@code resetMillis}. */
    public static RateDecision admitted(int limit, int remaining, long resetMillis) {
        return new RateDecision(true, limit, remaining, seconds(resetMillis), 0);
    }

    /** A refusal; a retry is admitted in {@code waitMillis} (at least one second is announced). */
    public static RateDecision refused(int limit, long resetMillis, long waitMillis) {
        return new RateDecision(false, limit, 0, seconds(resetMillis), Math.max(1, seconds(waitMillis)));
    }

    public boolean metered() {
        return limit > 0;
    }

    /**
     * The answer for a request checked against several keys: the refusal with the longest wait if any refused (DRF
     * retries after the longest throttle duration), else the tightest admission (fewest remaining, then latest reset),
     * else {@link #UNMETERED} when there was nothing to check.
     */
    public static RateDecision of(List<RateDecision> decisions) {
        return decisions.stream().filter(d -> !d.allowed()).max(Comparator.comparingLong(RateDecision::waitSeconds))
                .or(() -> decisions.stream().filter(RateDecision::metered).min(TIGHTEST))
                .orElse(UNMETERED);
    }

    /** Index of {@link #of}'s choice in {@code decisions}, or -1 when it is {@link #UNMETERED}. */
    public static int indexOf(List<RateDecision> decisions) {
        RateDecision chosen = of(decisions);
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i) == chosen) {
                return i;
            }
        }
        return -1;
    }

    private static final Comparator<RateDecision> TIGHTEST = Comparator.comparingInt(RateDecision::remaining)
            .thenComparing(Comparator.comparingLong(RateDecision::resetSeconds).reversed());

    private static long seconds(long millis) {
        return millis <= 0 ? 0 : (millis + 999) / 1000;
    }
}
