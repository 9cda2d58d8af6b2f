package io.portcullis.policy.decide;

import io.portcullis.policy.expr.Permission;
import io.portcullis.policy.expr.PermissionPrinter;

/**
 * What the permission phase decided for one request, and the rule that decided it: {@code ruleName} is
 * {@code permission} or {@code methods.<METHOD>}. The printed rule is built only when asked (explain, logs), not on
 * every request.
 */
public record Decision(Verdict verdict, String routeId, String ruleName, Permission permission) {

    public boolean granted() {
        return verdict == Verdict.GRANTED;
    }

    /** E.g. {@code methods.DELETE: IsAdminUser | HasRole(editor)}. */
    public String rule() {
        return ruleName + ": " + PermissionPrinter.print(permission);
    }
}
