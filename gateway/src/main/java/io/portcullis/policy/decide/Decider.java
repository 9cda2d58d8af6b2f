package io.portcullis.policy.decide;

import io.portcullis.policy.expr.Permission;
import io.portcullis.policy.expr.RequestFacts;
import io.portcullis.policy.match.RouteMatch;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Route;

/** Route + method + identity → verdict, as DRF's check_permissions; shared by the gateway and the CLI. */
public final class Decider {

    private Decider() {
    }

    public static Decision decide(RouteMatch match, String method, Identity identity) {
        Route route = match.route();
        Permission permission = route.permissionFor(method);
        String ruleName = route.methods().containsKey(method) ? "methods." + method : "permission";
        boolean granted = permission.grants(new RequestFacts(method, match.variables(), identity));
        Verdict verdict = granted ? Verdict.GRANTED
                : identity.authenticated() ? Verdict.PERMISSION_DENIED : Verdict.NOT_AUTHENTICATED;
        return new Decision(verdict, route.id(), ruleName, permission);
    }
}
