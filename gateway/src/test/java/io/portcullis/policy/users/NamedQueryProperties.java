package io.portcullis.policy.users;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;

class NamedQueryProperties {

    /** Any text parses (never an exception), and the placeholders replace exactly the parameters found. */
    @Property
    void anyTextParsesAndEachParameterBecomesOnePlaceholder(@ForAll String sql) {
        NamedQuery query = NamedQuery.parse(sql);

        String positional = query.positional(DatabaseUrl.Dialect.MYSQL);

        assertThat(positional.chars().filter(c -> c == '?').count() - sql.chars().filter(c -> c == '?').count())
                .isEqualTo(query.parameters().size());
    }

    /** Any text is a database URL or not: never an exception, and never a URL whose password shows in toString. */
    @Property
    void anyTextIsAUrlOrNotAndNeverPrintsItsPassword(@ForAll String text) {
        DatabaseUrl.parse(text).ifPresent(url -> {
            if (url.password() != null && !url.password().isEmpty()) {
                assertThat(url.toString()).doesNotContain(":" + url.password() + "@");
            }
        });
    }
}
