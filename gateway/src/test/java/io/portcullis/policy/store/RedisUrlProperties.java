package io.portcullis.policy.store;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** STYLE.md: every parser maps any string to a value or its own error, never another exception. */
class RedisUrlProperties {

    @Property(tries = 2000)
    void anyStringIsAUrlOrARedisSettingException(@ForAll("urlish") String text) {
        try {
            assertThat(RedisUrl.parse(text)).isNotNull();
        } catch (RedisSettingException expected) {
            assertThat(expected.getMessage()).startsWith("REDIS_URL: ");
        }
    }

    @Provide
    Arbitrary<String> urlish() {
        Arbitrary<String> scheme = Arbitraries.of("redis://", "rediss://", "redis+cluster://", "redis+sentinel://", "", "x://");
        Arbitrary<String> body = Arbitraries.strings().withChars("ab:@/?#=,[]%0129&+ ").ofMaxLength(30);
        return scheme.flatMap(s -> body.map(b -> s + b));
    }
}
