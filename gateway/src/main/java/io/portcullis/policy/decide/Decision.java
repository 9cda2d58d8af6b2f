package io.portcullis.policy.decide;

import io.portcullis.policy.expr.Permission;

/** What the permission phase decided for one request, and the rule that decided it (for logs and explain). */
public record Decision(Verdict verdict, String routeId, String rule, Permission permission) {

    public boolean granted() {
        return verdict == Verdict.GRANTED;
    }
}
