package io.portcullis.gateway.reload;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.parse.InvalidPolicyException;
import io.portcullis.policy.parse.PolicyLoader;
import io.portcullis.policy.parse.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.context.ApplicationEventPublisher;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Re-reads policy.yaml and users.yaml when their content changes (DESIGN.md "Hot reload"). A valid edit is swapped in
 * atomically and the routes refreshed; an invalid one is logged with its problems and the last good policy keeps
 * serving.
 */
public final class PolicyWatcher extends WatchedSource {

    private static final Logger log = LoggerFactory.getLogger(PolicyWatcher.class);

    private final Path directory;
    private final PolicyHolder holder;
    private final Consumer<PolicySnapshot> check;
    private final ApplicationEventPublisher events;
    private volatile Function<String, String> environment = System::getenv;

    public PolicyWatcher(Path directory, PolicyHolder holder, Consumer<PolicySnapshot> check, ApplicationEventPublisher events,
                         MeterRegistry metrics, Duration interval, Clock clock) {
        super("policy", directory, policyFiles(directory), "portcullis.policy.reload", metrics, interval, clock,
                holder.current().loadedAt());
        this.directory = directory;
        this.holder = holder;
        this.check = check;
        this.events = events;
    }

    /** Environment variables named by the policy are read from {@code environment} (default: the process's). */
    public PolicyWatcher readingEnvironment(Function<String, String> environment) {
        this.environment = environment;
        return this;
    }

    private static Supplier<byte[]> policyFiles(Path directory) {
        List<Path> files = List.of(directory.resolve(PolicyLoader.POLICY_FILE), directory.resolve(PolicyLoader.USERS_FILE));
        return () -> Fingerprint.of(files);
    }

    @Override
    protected void reload() {
        try {
            PolicySnapshot snapshot = PolicyLoader.load(directory, environment);
            check.accept(snapshot);
            holder.swap(snapshot);
            events.publishEvent(new RefreshRoutesEvent(this));
            applied(snapshot.loadedAt());
            log.info("policy reloaded from {}: {} routes, {} users", directory, snapshot.policy().routes().size(),
                    snapshot.users().all().size());
        } catch (InvalidPolicyException e) {
            refuse(e.problems());
        } catch (RuntimeException e) {
            refuse(List.of(new Problem(PolicyLoader.POLICY_FILE, 1, 1, e.getMessage())));
        }
    }

    private void refuse(List<Problem> problems) {
        List<String> errors = problems.stream().map(Problem::toString).toList();
        refused(errors);
        log.error("policy reload refused, still serving the policy loaded at {}:\n  {}", status().loadedAt(),
                String.join("\n  ", errors));
    }
}
