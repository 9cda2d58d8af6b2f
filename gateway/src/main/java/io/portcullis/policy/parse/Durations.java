package io.portcullis.policy.parse;

import java.time.Duration;
import java.util.Optional;

/**
 * Policy durations: a whole number and one unit, {@code 30s}, {@code 15m}, {@code 1h}, {@code 7d}; timeouts may also be
 * given in milliseconds ({@link #parseWithMillis}).
 */
public final class Durations {

    private Durations() {
    }

    /** {@link #parse} that also reads milliseconds ({@code 500ms}), for timeouts shorter than a second. */
    public static Optional<Duration> parseWithMillis(String text) {
        if (!text.endsWith("ms")) {
            return parse(text);
        }
        // the same whole number as "Ns", read as milliseconds
        return parse(text.substring(0, text.length() - 2) + "s").map(amount -> Duration.ofMillis(amount.toSeconds()));
    }

    public static Optional<Duration> parse(String text) {
        if (text.length() < 2 || text.length() > 10) {
            return Optional.empty();
        }
        String number = text.substring(0, text.length() - 1);
        if (!number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        long amount = Long.parseLong(number);
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Optional.of(Duration.ofSeconds(amount));
            case 'm' -> Optional.of(Duration.ofMinutes(amount));
            case 'h' -> Optional.of(Duration.ofHours(amount));
            case 'd' -> Optional.of(Duration.ofDays(amount));
            default -> Optional.empty();
        };
    }
}
