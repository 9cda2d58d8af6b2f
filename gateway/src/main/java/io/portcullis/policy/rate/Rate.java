package io.portcullis.policy.rate;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A DRF throttle rate, {@code N/period}: at most {@code count} requests in any window of {@code period}. */
public record Rate(int count, Duration period) {

    private static final Map<String, Duration> PERIODS = Map.ofEntries(
            Map.entry("s", Duration.ofSeconds(1)), Map.entry("sec", Duration.ofSeconds(1)),
            Map.entry("second", Duration.ofSeconds(1)), Map.entry("seconds", Duration.ofSeconds(1)),
            Map.entry("m", Duration.ofMinutes(1)), Map.entry("min", Duration.ofMinutes(1)),
            Map.entry("minute", Duration.ofMinutes(1)), Map.entry("minutes", Duration.ofMinutes(1)),
            Map.entry("h", Duration.ofHours(1)), Map.entry("hour", Duration.ofHours(1)),
            Map.entry("hours", Duration.ofHours(1)),
            Map.entry("d", Duration.ofDays(1)), Map.entry("day", Duration.ofDays(1)), Map.entry("days", Duration.ofDays(1)));

    public Rate {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
    }

    /**
     * Parses {@code 100/hour}, {@code 5/min}, {@code 10/s}. DRF reads only the period's first letter; this accepts
     * the usual spellings of second, minute, hour and day and refuses anything else rather than guess.
     */
    public static Optional<Rate> parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash != text.lastIndexOf('/')) {
            return Optional.empty();
        }
        String number = text.substring(0, slash).trim();
        Duration period = PERIODS.get(text.substring(slash + 1).trim());
        if (period == null || number.isEmpty() || number.length() > 9 || !number.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int count = Integer.parseInt(number);
        return count < 1 ? Optional.empty() : Optional.of(new Rate(count, period));
    }

    @Override
    public String toString() {
        return count + "/" + switch ((int) period.toSeconds()) {
            case 1 -> "second";
            case 60 -> "minute";
            case 3600 -> "hour";
            default -> "day";
        };
    }
}
