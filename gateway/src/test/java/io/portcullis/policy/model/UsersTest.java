package io.portcullis.policy.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UsersTest {

    private static final User ALICE = new User("alice", "1", "{bcrypt}x", List.of(), false, true, Map.of());
    private static final User BOB = new User("bob", "2", "{bcrypt}y", List.of(), false, false, Map.of());
    private static final Users USERS = new Users(List.of(ALICE, BOB), List.of(new ApiKey("k", "alice", "ab")));

    @Test
    void byUsernameWhenKnownThenUser() {
        assertThat(USERS.byUsername("bob")).contains(BOB);
    }

    @Test
    void byIdWhenKnownThenUser() {
        assertThat(USERS.byId("1")).contains(ALICE);
    }

    @Test
    void byIdWhenGivenAUsernameThenEmpty() {
        assertThat(USERS.byId("alice")).isEmpty();
    }

    @Test
    void byUsernameWhenUnknownThenEmpty() {
        assertThat(USERS.byUsername("carol")).isEmpty();
    }

    @Test
    void allWhenListedThenFileOrder() {
        assertThat(USERS.all()).containsExactly(ALICE, BOB);
    }

    @Test
    void noneWhenAskedThenNoUsersAndNoKeys() {
        assertThat(Users.NONE.all()).isEmpty();
        assertThat(Users.NONE.apiKeys()).isEmpty();
    }
}
