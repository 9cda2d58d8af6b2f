package io.portcullis.policy.match;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Decides the one path a request is matched, checked and forwarded with (DESIGN.md "Paths"). Dot segments are
 * resolved and repeated slashes merged; anything an upstream could read differently from the gateway is refused.
 */
public final class RequestPaths {

    /** Either a normalised raw path ({@code problem} null) or the reason the raw path is refused. */
    public record Result(String path, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private RequestPaths() {
    }

    /**
     * The raw path of an HTTP/1.1 request-target as it came off the wire (RFC 9112 section 3.2): origin-form
     * ({@code /p?q}) or absolute-form ({@code http://host/p?q}); {@code null} for any other form ({@code *},
     * authority-form, a relative path), which is never routed. The query is cut at the first {@code ?}; a {@code #}
     * stays in the path, where {@link #normalize} refuses it, since a request-target never carries a fragment.
     */
    public static String pathOfTarget(String target) {
        if (target == null) {
            return null;
        }
        String rest = target;
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            String afterScheme = target.substring(target.indexOf("//") + 2);
            int pathStart = firstOf(afterScheme, "/?#");
            rest = pathStart < 0 ? "/" : afterScheme.charAt(pathStart) == '/' ? afterScheme.substring(pathStart)
                    : "/" + afterScheme.substring(pathStart);
        }
        if (!rest.startsWith("/")) {
            return null;
        }
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    private static int firstOf(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Normalises a raw (still percent-encoded) request path. */
    public static Result normalize(String raw) {
        if (raw == null || !raw.startsWith("/")) {
            return refused("path must start with '/'");
        }
        if (raw.length() > 8192) {
            return refused("path too long");
        }
        String problem = checkCharacters(raw);
        if (problem != null) {
            return refused(problem);
        }
        return new Result(removeDotSegments(raw), null);
    }

    private static String checkCharacters(String raw) {
        ByteBuffer decoded = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int value = i + 2 < raw.length() ? hex(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
                if (value < 0) {
                    return "malformed percent-encoding in path";
                }
                String problem = forbiddenEncoded(value);
                if (problem != null) {
                    return problem;
                }
                decoded.put((byte) value);
                i += 2;
            } else if (c <= 0x20 || c >= 0x7f) {
                return "control, space or non-ASCII character in path";
            } else if (c == '\\') {
                return "backslash in path";
            } else if (c == '#') {
                return "'#' in request target";
            } else if (c == ';') {
                return "';' path parameters are not accepted";
            } else {
                decoded.put((byte) c);
            }
        }
        decoded.flip();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(decoded);
            return null;
        } catch (CharacterCodingException e) {
            return "invalid UTF-8 in path";
        }
    }

    private static String forbiddenEncoded(int value) {
        return switch (value) {
            case '/' -> "encoded '/' (%2F) in path";
            case '\\' -> "encoded '\\' (%5C) in path";
            case '.' -> "encoded '.' (%2E) in path";
            case '%' -> "double percent-encoding (%25) in path";
            case ';' -> "encoded ';' (%3B) in path";
            default -> value < 0x20 || value == 0x7f ? "encoded control character in path" : null;
        };
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    /** RFC 3986 section 5.2.4 on segments, with empty segments merged; a trailing slash is kept. */
    private static String removeDotSegments(String raw) {
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = raw.split("/", -1);
        boolean trailingSlash = false;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.equals("..")) {
                segments.pollLast();
                trailingSlash = last;
            } else if (part.equals(".") || part.isEmpty()) {
                trailingSlash = last;
            } else {
                segments.addLast(part);
                trailingSlash = false;
            }
        }
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(segment);
        }
        if (trailingSlash || path.length() == 0) {
            path.append('/');
        }
        return path.toString();
    }

    private static Result refused(String problem) {
        return new Result(null, problem);
    }
}
