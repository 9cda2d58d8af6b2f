package io.portcullis.gateway.users;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.Users;
import io.portcullis.policy.users.DatabaseUrl;
import io.portcullis.policy.users.UserQueries;
import io.portcullis.policy.users.UserSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UserStoresTest {

    /** Nothing listens there: building a store never needs the database. */
    private static final DatabaseUrl NOWHERE = new DatabaseUrl(DatabaseUrl.Dialect.POSTGRES, "127.0.0.1", 1, "app", "reader", "pw");

    private final UserStores stores = new UserStores(Duration.ofMillis(200));

    @AfterEach
    void close() {
        stores.close();
    }

    private static PolicySnapshot snapshot(UserSource users) {
        Policy policy = new Policy(List.of("jwt"), io.portcullis.policy.model.TokenSettings.DEFAULTS,
                io.portcullis.policy.model.IdentitySettings.DEFAULTS, 0, java.util.Map.of(),
                io.portcullis.policy.model.StoreFailure.LOCAL, List.of(), false, null, null, users);
        return PolicySnapshot.of(policy, Users.NONE);
    }

    private static UserSource sql(Duration cache) {
        return new UserSource(UserSource.Kind.SQL, "DB", NOWHERE, UserSource.Schema.DJANGO, cache, UserQueries.DJANGO);
    }

    @Test
    void ofWhenUsersYamlThenTheYamlStore() {
        assertThat(stores.of(snapshot(UserSource.YAML))).isInstanceOf(YamlUserStore.class);
    }

    @Test
    void ofWhenDatabaseThenItsStoreBehindTheCacheKeptAcrossEqualSettings() {
        UserStore first = stores.of(snapshot(sql(Duration.ofSeconds(30))));

        assertThat(first).isInstanceOf(CachedUserStore.class);
        assertThat(stores.of(snapshot(sql(Duration.ofSeconds(30))))).isSameAs(first);
    }

    @Test
    void ofWhenTheSettingsChangeThenANewStore() {
        UserStore first = stores.of(snapshot(sql(Duration.ofSeconds(30))));

        assertThat(stores.of(snapshot(sql(Duration.ofSeconds(5))))).isNotSameAs(first);
    }

    @Test
    void ofWhenCacheIsZeroThenTheDatabaseStoreItself() {
        assertThat(stores.of(snapshot(sql(Duration.ZERO)))).isInstanceOf(SqlUserStore.class);
    }

    @Test
    void aLookUpWhenTheDatabaseIsUnreachableThenStoreUnavailableWithinTheDeadline() {
        UserStore store = stores.of(snapshot(sql(Duration.ZERO)));

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> store.byUsername("alice").block(Duration.ofSeconds(5)));

        assertThat(failure).isInstanceOf(io.portcullis.gateway.tokens.StoreUnavailableException.class);
    }
}
