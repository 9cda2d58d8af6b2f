package io.portcullis.policy.token;

import io.portcullis.policy.model.User;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialVersionTest {

    private static final String HASH = "{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
    private static final String OTHER_HASH = "{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWz";

    private static User alice(String hash) {
        return new User("alice", "1", hash, List.of(), false, true, Map.of());
    }

    @Test
    void ofWhenUserThenSixteenHexDigits() {
        assertThat(CredentialVersion.of(alice(HASH))).matches("[0-9a-f]{16}");
    }

    @Test
    void ofWhenSameHashThenSameVersion() {
        assertThat(CredentialVersion.of(alice(HASH))).isEqualTo(CredentialVersion.of(alice(HASH)));
    }

    @Test
    void matchesWhenPasswordHashChangedThenFalse() {
        String issued = CredentialVersion.of(alice(HASH));

        assertThat(CredentialVersion.matches(issued, alice(OTHER_HASH))).isFalse();
    }

    @Test
    void matchesWhenHashUnchangedThenTrue() {
        assertThat(CredentialVersion.matches(CredentialVersion.of(alice(HASH)), alice(HASH))).isTrue();
    }

    @Test
    void matchesWhenClaimAbsentThenFalse() {
        assertThat(CredentialVersion.matches(null, alice(HASH))).isFalse();
    }
}
