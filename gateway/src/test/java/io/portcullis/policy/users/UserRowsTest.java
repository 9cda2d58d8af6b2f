package io.portcullis.policy.users;

import io.portcullis.policy.model.User;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UserRowsTest {

    private static Map<String, Object> row(Object id, Object role) {
        Map<String, Object> row = new HashMap<>(Map.of("id", id, "username", "alice", "password", "pbkdf2_sha256$x",
                "active", (byte) 1, "admin", false, "email", "a@example.com"));
        row.put("role", role);
        return row;
    }

    @Test
    void toUserWhenOneRowPerGroupThenRolesCollectedAndOtherColumnsClaims() {
        User user = UserRows.toUser(List.of(row(7, "editor"), row(7, "staff"))).orElseThrow();

        assertThat(user.id()).isEqualTo("7");
        assertThat(user.roles()).containsExactly("editor", "staff");
        assertThat(user.active()).isTrue();
        assertThat(user.admin()).isFalse();
        assertThat(user.claims()).containsExactly(Map.entry("email", "a@example.com"));
    }

    @Test
    void toUserWhenNoGroupThenNoRoles() {
        assertThat(UserRows.toUser(List.of(row(7, null))).orElseThrow().roles()).isEmpty();
    }

    @Test
    void toUserWhenRowsOfTwoUsersThenNone() {
        assertThat(UserRows.toUser(List.of(row(7, null), row(8, null)))).isEmpty();
    }

    @Test
    void rolesWhenCommaSeparatedTextOrArrayThenNames() {
        assertThat(UserRows.roles("editor, admin,,")).containsExactly("editor", "admin");
        assertThat(UserRows.roles(new String[]{"editor", "admin"})).containsExactly("editor", "admin");
    }
}
