package io.portcullis.gateway.console;

import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.reload.ReloadStatus;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.decide.Explainer;
import io.portcullis.policy.model.User;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The console's JSON, read-only: the serving policy's routes, the reload status of each watched source, the recent
 * traffic, and {@code explain} answered by the CLI's own {@link Explainer} on the serving snapshot. Users appear by
 * name only: no password hash, token or key ever leaves here.
 */
public final class ConsoleApi {

    private static final int MAX_INPUT = 2048;

    private final PolicyHolder holder;
    private final Map<String, Supplier<ReloadStatus>> reloadSources;
    private final TrafficHistory traffic;

    /** {@code reloadSources}: each hot-reloaded source by name ({@code policy}, {@code signingKeys}). */
    public ConsoleApi(PolicyHolder holder, Map<String, Supplier<ReloadStatus>> reloadSources, TrafficHistory traffic) {
        this.holder = holder;
        this.reloadSources = Map.copyOf(reloadSources);
        this.traffic = traffic;
    }

    public record PolicyView(String loadedAt, List<String> authentication, List<RouteView> routes, List<String> users) {
    }

    public record ReloadView(String source, String loadedAt, String refusedAt, List<String> errors) {
    }

    public record TrafficView(long intervalSeconds, List<TrafficSample> samples) {
    }

    Mono<ServerResponse> policy(ServerRequest request) {
        PolicySnapshot snapshot = holder.current();
        List<RouteView> routes = snapshot.policy().routes().stream().map(route -> RouteView.of(route, snapshot.policy())).toList();
        List<String> users = snapshot.users().all().stream().map(User::username).sorted().toList();
        return json(new PolicyView(snapshot.loadedAt().toString(), snapshot.policy().authentication(), routes, users));
    }

    Mono<ServerResponse> reload(ServerRequest request) {
        List<ReloadView> views = reloadSources.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(source -> {
            ReloadStatus status = source.getValue().get();
            return new ReloadView(source.getKey(), status.loadedAt().toString(),
                    status.stale() ? status.attemptedAt().toString() : null, status.errors());
        }).toList();
        return json(views);
    }

    Mono<ServerResponse> traffic(ServerRequest request) {
        return json(new TrafficView(traffic.interval().toSeconds(), traffic.samples()));
    }

    /** {@code ?method=GET&path=/api/posts/&user=alice}; without {@code user}: anonymous, as the CLI's default. */
    Mono<ServerResponse> explain(ServerRequest request) {
        Optional<String> method = request.queryParam("method").filter(value -> !value.isBlank());
        Optional<String> path = request.queryParam("path").filter(value -> !value.isBlank());
        Optional<String> user = request.queryParam("user").filter(value -> !value.isBlank());
        if (method.isEmpty() || path.isEmpty()) {
            return badRequest("method and path are required.");
        }
        if (method.get().length() > MAX_INPUT || path.get().length() > MAX_INPUT || user.orElse("").length() > MAX_INPUT) {
            return badRequest("method, path and user are each at most " + MAX_INPUT + " characters.");
        }
        return json(Explainer.explain(holder.current(), method.get(), path.get(), user));
    }

    private static Mono<ServerResponse> badRequest(String detail) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("detail", detail);
        return ServerResponse.badRequest().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }

    private static Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
