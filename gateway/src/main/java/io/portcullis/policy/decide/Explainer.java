package io.portcullis.policy.decide;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.expr.Permission;
import io.portcullis.policy.expr.Permission.And;
import io.portcullis.policy.expr.Permission.Not;
import io.portcullis.policy.expr.Permission.Or;
import io.portcullis.policy.expr.PermissionPrinter;
import io.portcullis.policy.expr.RequestFacts;
import io.portcullis.policy.match.RouteMatch;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.Route;
import io.portcullis.policy.model.User;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Explains a request with the gateway's own steps ({@link Routing}, then {@link Decider}), so an explanation can never
 * disagree with the gateway. The identity is taken as already authenticated: {@code username} empty means anonymous.
 */
public final class Explainer {

    private Explainer() {
    }

    public static Explanation explain(PolicySnapshot snapshot, String method, String rawPath, Optional<String> username) {
        return explain(snapshot, method, rawPath, steps -> username.map(name -> user(snapshot, name, steps))
                .orElseGet(() -> {
                    steps.add("user    anonymous");
                    return new Who.Accepted(Identity.ANONYMOUS);
                }));
    }

    /** {@code who} finds the identity (adding its steps), or the answer that stops the request before the rule. */
    public static Explanation explain(PolicySnapshot snapshot, String method, String rawPath,
                                      Function<List<String>, Who> who) {
        List<String> steps = new ArrayList<>();
        Routing.Result routing = Routing.route(snapshot, method, rawPath);
        switch (routing.outcome()) {
            case METHOD_NOT_ALLOWED -> {
                steps.add("method  " + method + " is never routed");
                return new Explanation(405, "method_not_allowed", null, steps);
            }
            case BAD_PATH -> {
                steps.add("path    refused: " + routing.problem());
                return new Explanation(400, "bad_path", null, steps);
            }
            default -> steps.add("path    " + (routing.path().equals(rawPath) ? rawPath : rawPath + " -> " + routing.path()));
        }
        if (routing.outcome() == Routing.Outcome.OWN_ENDPOINT) {
            steps.add("route   none: " + Routing.OWN_ENDPOINTS + " is served by the gateway itself");
            return new Explanation(200, "own_endpoint", null, steps);
        }
        if (routing.outcome() == Routing.Outcome.NO_ROUTE) {
            steps.add("route   none matches");
            return new Explanation(404, "no_route", null, steps);
        }
        RouteMatch match = routing.match();
        Route route = match.route();
        steps.add("route   " + route.id() + " " + route.paths() + (match.variables().isEmpty() ? "" : " " + match.variables()));
        Who found = who.apply(steps);
        if (found instanceof Who.Refused refused) {
            return new Explanation(refused.status(), refused.reason(), route.id(), steps);
        }
        Identity identity = ((Who.Accepted) found).identity();
        Decision decision = Decider.decide(match, method, identity);
        steps.add("rule    " + decision.rule() + " -> " + (decision.granted() ? "granted" : "denied"));
        trace(decision.permission(), new RequestFacts(method, match.variables(), identity), "          ", steps);
        steps.add("throttle " + (route.throttle().isEmpty() ? "none" : String.join(", ", route.throttle())));
        int status = decision.verdict().status(snapshot.policy().authentication());
        if (decision.granted()) {
            steps.add("answer  200: forwarded to " + route.upstream());
        } else {
            steps.add("answer  " + status + ": " + decision.verdict().reason());
        }
        return new Explanation(status, decision.verdict().reason(), route.id(), steps);
    }

    private static Who user(PolicySnapshot snapshot, String username, List<String> steps) {
        Optional<User> user = snapshot.users().byUsername(username);
        if (user.isEmpty() || !user.get().active()) {
            steps.add("user    " + username + (user.isEmpty() ? " is not in users.yaml" : " is inactive")
                    + ": every credential of theirs is refused");
            return new Who.Refused(401, user.isEmpty() ? "user_not_found" : "user_inactive");
        }
        steps.add(userLine(user.get()));
        return new Who.Accepted(Identity.of(user.get(), "explain"));
    }

    static String userLine(User user) {
        return "user    " + user.username() + " (id " + user.id() + ", roles " + user.roles() + ", admin " + user.admin() + ")";
    }

    /** Each operand's result, in evaluation order; operands short-circuited away are marked so. */
    private static void trace(Permission permission, RequestFacts facts, String indent, List<String> steps) {
        if (permission instanceof And and) {
            traceOperands(and.left(), and.right(), false, facts, indent, steps);
        } else if (permission instanceof Or or) {
            traceOperands(or.left(), or.right(), true, facts, indent, steps);
        } else if (permission instanceof Not not) {
            line(not.operand(), facts, indent, steps);
        }
    }

    private static void traceOperands(Permission left, Permission right, boolean stopWhen, RequestFacts facts,
                                      String indent, List<String> steps) {
        boolean leftResult = line(left, facts, indent, steps);
        if (leftResult == stopWhen) {
            steps.add(indent + PermissionPrinter.print(right) + " -> not evaluated");
        } else {
            line(right, facts, indent, steps);
        }
    }

    private static boolean line(Permission permission, RequestFacts facts, String indent, List<String> steps) {
        boolean result = permission.grants(facts);
        steps.add(indent + PermissionPrinter.print(permission) + " -> " + result);
        trace(permission, facts, indent + "  ", steps);
        return result;
    }
}
