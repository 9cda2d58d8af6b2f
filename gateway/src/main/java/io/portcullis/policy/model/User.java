package io.portcullis.policy.model;

import java.util.List;
import java.util.Map;

/** One users.yaml entry. {@code passwordHash} is in Spring Security's {@code {id}hash} format. */
public record User(String username, String id, String passwordHash, List<String> roles, boolean admin, boolean active,
                   Map<String, String> claims) {

    public User {
        roles = List.copyOf(roles);
        claims = Map.copyOf(claims);
    }

    /** Never prints the password hash. */
    @Override
    public String toString() {
        return "User[username=" + username + ", id=" + id + ", roles=" + roles + ", admin=" + admin
                + ", active=" + active + "]";
    }
}
