package io.portcullis.policy;

import io.portcullis.policy.match.RouteTable;
import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.Users;

import java.time.Instant;

/**
 * Everything one request is decided with: the policy, the users and the compiled route table, read together and
 * never changed. A request reads the current snapshot once and uses it throughout.
 */
public record PolicySnapshot(Policy policy, Users users, RouteTable routes, Instant loadedAt) {

    public static PolicySnapshot of(Policy policy, Users users) {
        return new PolicySnapshot(policy, users, new RouteTable(policy.routes()), Instant.now());
    }
}
