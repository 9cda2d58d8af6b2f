package io.portcullis.policy.users;

import java.util.ArrayList;
import java.util.List;

/**
 * An SQL query with named parameters ({@code :username}), as ops write them for {@code schema: custom}. Values are only
 * ever bound, never put into the text: {@link #positional} swaps each name for the driver's placeholder. Quoted text,
 * quoted names, comments and PostgreSQL's {@code ::} casts are not parameters.
 */
public record NamedQuery(String sql, List<String> parameters, List<Span> spans) {

    /** Where one parameter is in the text, {@code :} included. */
    public record Span(int start, int end) {
    }

    public NamedQuery {
        parameters = List.copyOf(parameters);
        spans = List.copyOf(spans);
    }

    public static NamedQuery parse(String sql) {
        List<String> names = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = closing(sql, i + 1, c);
            } else if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else if (c == ':' && sql.startsWith("::", i)) {
                i += 2;
            } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                spans.add(new Span(i, end));
                i = end;
            } else {
                i++;
            }
        }
        return new NamedQuery(sql, names, spans);
    }

    private static int closing(String sql, int from, char quote) {
        int end = sql.indexOf(quote, from);
        return end < 0 ? sql.length() : end + 1;
    }

    /** The text with {@code $1, $2...} (PostgreSQL) or {@code ?} (MySQL/MariaDB) in place of each parameter. */
    public String positional(DatabaseUrl.Dialect dialect) {
        StringBuilder text = new StringBuilder();
        int copied = 0;
        for (int n = 0; n < spans.size(); n++) {
            text.append(sql, copied, spans.get(n).start()).append(dialect == DatabaseUrl.Dialect.POSTGRES ? "$" + (n + 1) : "?");
            copied = spans.get(n).end();
        }
        return text.append(sql.substring(copied)).toString();
    }

    /** The offset in {@link #sql} of the first parameter not named {@code expected}, or -1 when all are. */
    public int firstOtherThan(String expected) {
        for (int n = 0; n < parameters.size(); n++) {
            if (!parameters.get(n).equals(expected)) {
                return spans.get(n).start();
            }
        }
        return -1;
    }
}
