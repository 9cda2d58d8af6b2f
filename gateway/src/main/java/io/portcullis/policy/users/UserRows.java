package io.portcullis.policy.users;

import io.portcullis.policy.model.User;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of one user look-up as a {@link User}: columns {@code id, username, password, active, admin}, roles from
 * {@code roles} (comma-separated text or an array) and {@code role} (one name per row, Django's groups), every other
 * non-null column a claim. Rows of more than one user id make the answer ambiguous: no user.
 */
public final class UserRows {

    private static final Set<String> KNOWN = Set.of("id", "username", "password", "active", "admin", "roles", "role");
    public static final List<String> REQUIRED = List.of("id", "username", "password", "active", "admin");

    private UserRows() {
    }

    /** Each row as column (lower case) to value; values as the driver gives them (numbers, booleans, text, arrays). */
    public static Optional<User> toUser(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> first = rows.get(0);
        String id = text(first.get("id"));
        if (id == null || rows.stream().anyMatch(row -> !id.equals(text(row.get("id"))))) {
            return Optional.empty();
        }
        Set<String> roles = new LinkedHashSet<>();
        for (Map<String, Object> row : rows) {
            roles.addAll(roles(row.get("roles")));
            String role = text(row.get("role"));
            if (role != null && !role.isEmpty()) {
                roles.add(role);
            }
        }
        Map<String, String> claims = new LinkedHashMap<>();
        first.forEach((column, value) -> {
            if (!KNOWN.contains(column) && value != null) {
                claims.put(column, text(value));
            }
        });
        String password = text(first.get("password"));
        return Optional.of(new User(text(first.get("username")), id, password == null ? "" : password,
                new ArrayList<>(roles), bool(first.get("admin")), bool(first.get("active")), claims));
    }

    static List<String> roles(Object value) {
        List<String> roles = new ArrayList<>();
        if (value instanceof Object[] array) {
            value = List.of(array);
        }
        if (value instanceof Collection<?> items) {
            items.stream().map(UserRows::text).filter(r -> r != null && !r.isBlank()).map(String::strip).forEach(roles::add);
        } else if (value != null) {
            for (String role : text(value).split(",")) {
                if (!role.isBlank()) {
                    roles.add(role.strip());
                }
            }
        }
        return roles;
    }

    /** SQL booleans as drivers give them: a boolean, a number (MySQL's tinyint) or text ({@code t}, {@code true}, 1). */
    static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        return value != null && Set.of("t", "true", "1", "y", "yes").contains(value.toString().strip().toLowerCase(Locale.ROOT));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
