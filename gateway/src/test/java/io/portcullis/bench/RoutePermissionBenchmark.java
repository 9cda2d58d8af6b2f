package io.portcullis.bench;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.decide.Decider;
import io.portcullis.policy.decide.Decision;
import io.portcullis.policy.decide.Routing;
import io.portcullis.policy.model.Identity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Route match plus permission evaluation, as {@code RouteMatchFilter} and {@code PermissionFilter} do it per request:
 * method check, path normalisation, first matching route of nine in file order, then the route's permission.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutePermissionBenchmark {

    PolicySnapshot snapshot;
    /** alice reads her own profile: route {@code user-profile} (8th), {@code IsOwner(id) | IsAdminUser} grants. */
    String grantedMethod = "GET";
    String grantedPath = "/api/users/1/profile";
    Identity alice;
    /** bob (no role) deletes a post: route {@code posts}, {@code methods.DELETE: IsAdminUser | HasRole(editor)} denies. */
    String deniedMethod = "DELETE";
    String deniedPath = "/api/posts/42";
    Identity bob;

    @Setup
    public void setUp() {
        BenchPolicy bench = BenchPolicy.load();
        snapshot = bench.snapshot();
        alice = bench.identity("alice");
        bob = bench.identity("bob");
    }

    @Benchmark
    public Decision routeAndDecideGranted() {
        return routeAndDecide(grantedMethod, grantedPath, alice);
    }

    @Benchmark
    public Decision routeAndDecideDenied() {
        return routeAndDecide(deniedMethod, deniedPath, bob);
    }

    private Decision routeAndDecide(String method, String path, Identity identity) {
        Routing.Result routing = Routing.route(snapshot, method, path);
        if (routing.outcome() != Routing.Outcome.MATCHED) {
            throw new IllegalStateException(method + " " + path + " was not routed: " + routing.outcome());
        }
        return Decider.decide(routing.match(), method, identity);
    }
}
