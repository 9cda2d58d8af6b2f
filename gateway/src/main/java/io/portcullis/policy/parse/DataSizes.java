package io.portcullis.policy.parse;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy sizes: {@code 0}, or a whole number and one binary unit, {@code 512B}, {@code 64KiB}, {@code 1MiB},
 * {@code 1GiB}. Only IEC units: {@code KB} would leave a reader guessing between 1000 and 1024.
 */
public final class DataSizes {

    /** At most nine digits, so that even GiB stays far inside a long. */
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,9})(B|KiB|MiB|GiB)");

    private DataSizes() {
    }

    /** The size in bytes, or empty when {@code text} is not a size. */
    public static Optional<Long> parse(String text) {
        if (text.equals("0")) {
            return Optional.of(0L);
        }
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int shift = switch (matcher.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        return Optional.of(Long.parseLong(matcher.group(1)) << shift);
    }
}
