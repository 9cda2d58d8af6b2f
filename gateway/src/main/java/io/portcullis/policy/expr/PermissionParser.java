package io.portcullis.policy.expr;

import io.portcullis.policy.expr.Permission.AllowAny;
import io.portcullis.policy.expr.Permission.And;
import io.portcullis.policy.expr.Permission.DenyAll;
import io.portcullis.policy.expr.Permission.HasAnyRole;
import io.portcullis.policy.expr.Permission.HasRole;
import io.portcullis.policy.expr.Permission.IsAdminUser;
import io.portcullis.policy.expr.Permission.IsAuthenticated;
import io.portcullis.policy.expr.Permission.IsAuthenticatedOrReadOnly;
import io.portcullis.policy.expr.Permission.IsOwner;
import io.portcullis.policy.expr.Permission.Not;
import io.portcullis.policy.expr.Permission.Or;
import io.portcullis.policy.expr.Permission.ReadOnly;
import io.portcullis.policy.parse.Suggestions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Parses DRF-style permission expressions: atoms composed with {@code ~} (not), {@code &} (and), {@code |} (or) and
 * parentheses, {@code ~} binding tightest and {@code |} loosest; both binary operators are left-associative.
 * Any input yields a {@link Permission} or a {@link PermissionSyntaxException}, never another exception.
 */
public final class PermissionParser {

    static final int MAX_LENGTH = 4096;
    static final int MAX_DEPTH = 64;

    private static final Map<String, Supplier<Permission>> PLAIN_ATOMS = Map.of(
            "AllowAny", AllowAny::new,
            "DenyAll", DenyAll::new,
            "IsAuthenticated", IsAuthenticated::new,
            "IsAdminUser", IsAdminUser::new,
            "IsAuthenticatedOrReadOnly", IsAuthenticatedOrReadOnly::new,
            "ReadOnly", ReadOnly::new);
    private static final List<String> ATOMS_WITH_ARGUMENTS = List.of("HasRole", "HasAnyRole", "IsOwner");

    private final String text;
    private int position;
    private int depth;

    private PermissionParser(String text) {
        this.text = text;
    }

    public static Permission parse(String text) throws PermissionSyntaxException {
        if (text == null || text.isBlank()) {
            throw new PermissionSyntaxException(1, "empty permission expression");
        }
        if (text.length() > MAX_LENGTH) {
            throw new PermissionSyntaxException(MAX_LENGTH, "permission expression longer than " + MAX_LENGTH + " characters");
        }
        PermissionParser parser = new PermissionParser(text);
        Permission permission = parser.or();
        parser.skipSpaces();
        if (parser.position < text.length()) {
            throw parser.error("unexpected '" + text.charAt(parser.position) + "'"
                    + (text.charAt(parser.position) == ')' ? " (no matching '(')" : " (expected '&', '|' or the end)"));
        }
        return permission;
    }

    /** Every atom name the parser knows, for documentation and suggestions. */
    public static List<String> atomNames() {
        List<String> names = new ArrayList<>(PLAIN_ATOMS.keySet());
        names.addAll(ATOMS_WITH_ARGUMENTS);
        names.sort(null);
        return names;
    }

    private Permission or() throws PermissionSyntaxException {
        Permission left = and();
        while (consume('|')) {
            left = new Or(left, and());
        }
        return left;
    }

    private Permission and() throws PermissionSyntaxException {
        Permission left = not();
        while (consume('&')) {
            left = new And(left, not());
        }
        return left;
    }

    private Permission not() throws PermissionSyntaxException {
        enter();
        Permission result = consume('~') ? new Not(not()) : primary();
        depth--;
        return result;
    }

    private Permission primary() throws PermissionSyntaxException {
        skipSpaces();
        if (consume('(')) {
            Permission inner = or();
            expect(')', "missing ')'");
            return inner;
        }
        int start = position;
        String name = word();
        if (name.isEmpty()) {
            throw error(position < text.length() ? "expected a permission, found '" + text.charAt(position) + "'"
                    : "expected a permission, found the end");
        }
        Supplier<Permission> plain = PLAIN_ATOMS.get(name);
        if (plain != null) {
            skipSpaces();
            if (peek('(')) {
                throw error(name + " takes no arguments");
            }
            return plain.get();
        }
        if (!ATOMS_WITH_ARGUMENTS.contains(name)) {
            throw new PermissionSyntaxException(start + 1,
                    "unknown permission '" + name + "'" + Suggestions.didYouMean(name, atomNames()));
        }
        return withArguments(name, start);
    }

    private Permission withArguments(String name, int start) throws PermissionSyntaxException {
        skipSpaces();
        expect('(', name + " needs an argument, as in " + name + "(x)");
        List<String> arguments = new ArrayList<>();
        do {
            skipSpaces();
            String argument = word();
            if (argument.isEmpty()) {
                throw error(name + ": expected a name");
            }
            arguments.add(argument);
        } while (consume(','));
        expect(')', "missing ')' after the arguments of " + name);
        if (!name.equals("HasAnyRole") && arguments.size() != 1) {
            throw new PermissionSyntaxException(start + 1, name + " takes exactly one argument, got " + arguments.size());
        }
        return switch (name) {
            case "HasRole" -> new HasRole(arguments.get(0));
            case "HasAnyRole" -> new HasAnyRole(arguments);
            default -> new IsOwner(arguments.get(0));
        };
    }

    private void enter() throws PermissionSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw error("expression nested deeper than " + MAX_DEPTH);
        }
    }

    /** Letters, digits and {@code _ - . :}: atom names, role names and path variable names. */
    private String word() {
        int start = position;
        while (position < text.length() && isWordChar(text.charAt(position))) {
            position++;
        }
        return text.substring(start, position);
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.' || c == ':';
    }

    private boolean consume(char c) {
        skipSpaces();
        if (peek(c)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char c, String message) throws PermissionSyntaxException {
        if (!consume(c)) {
            throw error(message);
        }
    }

    private boolean peek(char c) {
        return position < text.length() && text.charAt(position) == c;
    }

    /** Spaces, tabs and line breaks: YAML block scalars ({@code |}, {@code >}) keep line breaks in the value. */
    private void skipSpaces() {
        while (position < text.length() && isSpace(text.charAt(position))) {
            position++;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private PermissionSyntaxException error(String message) {
        return new PermissionSyntaxException(Math.min(position, text.length()) + 1, message);
    }
}
