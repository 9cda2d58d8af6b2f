package io.portcullis.gateway.throttle;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.expr.Permission;
import io.portcullis.policy.model.IdentitySettings;
import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.Route;
import io.portcullis.policy.model.StoreFailure;
import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.model.Users;
import io.portcullis.policy.rate.Rate;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** Policy snapshots for unit tests of the throttle phase, built as the policy reader would build them. */
final class TestPolicies {

    private TestPolicies() {
    }

    static Route route(String id, List<String> throttle) {
        return new Route(id, List.of("/" + id + "/**"), URI.create("http://127.0.0.1:9"), new Permission.AllowAny(),
                Map.of(), throttle);
    }

    static PolicySnapshot snapshot(Map<String, Rate> rates, int numProxies, StoreFailure storeFailure, Route... routes) {
        Policy policy = new Policy(List.of("jwt"), TokenSettings.DEFAULTS, IdentitySettings.DEFAULTS, numProxies, rates,
                storeFailure, List.of(routes));
        return PolicySnapshot.of(policy, Users.NONE);
    }
}
