package io.portcullis.gateway.observe;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @Test
    void aPlainClientIdIsKept() {
        assertThat(RequestIds.accept("abc-123:4.5_6")).isEqualTo("abc-123:4.5_6");
    }

    @Test
    void anUnsafeOrMissingIdIsReplacedByAFreshOne() {
        assertThat(RequestIds.accept("bad id\"{}")).matches("[0-9a-f-]{36}");
        assertThat(RequestIds.accept(null)).matches("[0-9a-f-]{36}");
        assertThat(RequestIds.accept("x".repeat(129))).matches("[0-9a-f-]{36}");
    }

    @Test
    void generatedIdsAreDistinctVersion4Uuids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.generate();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }
}
