package io.portcullis.policy.model;

import io.portcullis.policy.expr.Permission.IsAdminUser;
import io.portcullis.policy.expr.Permission.ReadOnly;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTest {

    private static final Route POSTS = new Route("posts", List.of("/api/posts/**"), URI.create("http://blog:8080"),
            new ReadOnly(), Map.of("DELETE", new IsAdminUser()), List.of());

    @Test
    void permissionForWhenMethodOverriddenThenOverride() {
        assertThat(POSTS.permissionFor("DELETE")).isEqualTo(new IsAdminUser());
    }

    @Test
    void permissionForWhenMethodNotOverriddenThenRoutePermission() {
        assertThat(POSTS.permissionFor("POST")).isEqualTo(new ReadOnly());
    }

    @Test
    void permissionForWhenMethodCaseDiffersThenRoutePermission() {
        assertThat(POSTS.permissionFor("delete")).isEqualTo(new ReadOnly());
    }
}
