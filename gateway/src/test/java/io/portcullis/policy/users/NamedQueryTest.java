package io.portcullis.policy.users;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamedQueryTest {

    @Test
    void positionalWhenPostgresThenNumberedPlaceholders() {
        NamedQuery query = NamedQuery.parse("SELECT * FROM u WHERE name = :username OR email = :username");

        assertThat(query.positional(DatabaseUrl.Dialect.POSTGRES)).isEqualTo("SELECT * FROM u WHERE name = $1 OR email = $2");
        assertThat(query.positional(DatabaseUrl.Dialect.MYSQL)).isEqualTo("SELECT * FROM u WHERE name = ? OR email = ?");
    }

    @Test
    void parseWhenColonInQuotesCommentsOrCastThenNotAParameter() {
        NamedQuery query = NamedQuery.parse("SELECT ':x', \":y\", id::text -- :z\nFROM u /* :w */ WHERE id = :id");

        assertThat(query.parameters()).containsExactly("id");
        assertThat(query.positional(DatabaseUrl.Dialect.POSTGRES)).endsWith("WHERE id = $1").contains("id::text", "':x'");
    }

    @Test
    void firstOtherThanWhenAllExpectedThenMinusOne() {
        assertThat(NamedQuery.parse("SELECT 1 WHERE a = :key").firstOtherThan("key")).isEqualTo(-1);
        assertThat(NamedQuery.parse("SELECT 1 WHERE a = :key AND b = :other").firstOtherThan("key")).isEqualTo(32);
    }
}
