package io.portcullis.policy.password;

/**
 * The numbers in Django's encodings. Django writes them with {@code %d}, and a check compares the whole re-encoded
 * string, so a number written any other way ({@code 0260000}, {@code +8}, {@code 1_000}) never matches: only the
 * canonical form is read.
 */
final class Decimal {

    private Decimal() {
    }

    /** The value of {@code text} when it is canonical decimal digits within 1..{@code max}, else -1. */
    static long positive(String text, long max) {
        if (text.isEmpty() || text.length() > 18 || text.charAt(0) == '0') {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }
}
