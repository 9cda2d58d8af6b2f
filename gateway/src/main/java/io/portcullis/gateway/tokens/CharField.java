package io.portcullis.gateway.tokens;

import java.util.List;
import java.util.Map;

/**
 * DRF's {@code CharField} on one member of a submitted body: its checks in its order, with its texts. Numbers are
 * text (DRF's {@code str(data)}); {@code trimmed} strips the value as DRF's {@code trim_whitespace} does, and
 * {@code blankWhenStripped} refuses a value of only whitespace even when the value itself is kept as sent.
 */
record CharField(String name, boolean trimmed, boolean blankWhenStripped) {

    /** A JSON member that is neither text, a number nor null (true, an object, a list): DRF's "Not a valid string." */
    static final Object NOT_TEXT = new Object() {
        @Override
        public String toString() {
            return "NOT_TEXT";
        }
    };

    /** DRF's default: trimmed, and blank when only whitespace. */
    static CharField text(String name) {
        return new CharField(name, true, true);
    }

    /**
     * SimpleJWT's password field: blank when only whitespace as SimpleJWT checks it, but the value is never trimmed
     * (SimpleJWT trims it; a password with a leading space is a different password: a deliberate departure).
     */
    static CharField password(String name) {
        return new CharField(name, false, true);
    }

    /** DRF authtoken's password field ({@code trim_whitespace=False}): blank only when empty. */
    static CharField untrimmed(String name) {
        return new CharField(name, false, false);
    }

    /**
     * Reads this field from {@code members} (absent: no key; JSON null: a null value) into {@code values}, or its one
     * error into {@code errors}, as DRF's {@code run_validation} does.
     */
    void read(Map<String, Object> members, Map<String, String> values, Map<String, List<String>> errors) {
        String error = check(members);
        if (error != null) {
            errors.put(name, List.of(error));
        } else {
            String value = (String) members.get(name);
            values.put(name, trimmed ? PythonText.strip(value) : value);
        }
    }

    private String check(Map<String, Object> members) {
        if (!members.containsKey(name)) {
            return "This field is required.";
        }
        Object value = members.get(name);
        if (value == null) {
            return "This field may not be null.";
        }
        if (value instanceof String text && (text.isEmpty() || blankWhenStripped && PythonText.strip(text).isEmpty())) {
            return "This field may not be blank.";
        }
        if (!(value instanceof String text)) {
            return "Not a valid string.";
        }
        if (text.indexOf('\0') >= 0) {
            return "Null characters are not allowed.";
        }
        return text.codePoints().filter(c -> c >= 0xD800 && c <= 0xDFFF).mapToObj(
                c -> "Surrogate characters are not allowed: U+" + Integer.toHexString(c).toUpperCase() + ".")
                .findFirst().orElse(null);
    }
}
