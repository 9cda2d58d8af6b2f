package io.portcullis.gateway.reload;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.parse.EnvironmentVariables;
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
import java.util.function.Supplier;

/**
 * Re-reads policy.yaml and users.yaml when their content changes (DESIGN.md "Hot reload"). A valid edit is swapped in
 * atomically and the routes refreshed; an invalid one is logged with its problems and the last good policy keeps
 * serving.
 */
public final class PolicyWatcher extends WatchedSource {

    private static final Logger log = LoggerFactory.getLogger(PolicyWatcher.class);

    private final Path directory;
    private final EnvironmentVariables env;
    private final PolicyHolder holder;
    private final Consumer<PolicySnapshot> check;
    private final Consumer<PolicySnapshot> prepare;
    private final ApplicationEventPublisher events;

    public PolicyWatcher(Path directory, PolicyHolder holder, Consumer<PolicySnapshot> check, ApplicationEventPublisher events,
                         MeterRegistry metrics, Duration interval, Clock clock) {
        this(directory, EnvironmentVariables.SYSTEM, holder, check, events, metrics, interval, clock);
    }

    /** {@code env}: where the issuers' {@code secret_env} names are looked up. */
    public PolicyWatcher(Path directory, EnvironmentVariables env, PolicyHolder holder, Consumer<PolicySnapshot> check,
                         ApplicationEventPublisher events, MeterRegistry metrics, Duration interval, Clock clock) {
        this(directory, env, holder, check, snapshot -> { }, events, metrics, interval, clock);
    }

    /**
     * {@code check} may refuse a policy that was read and changes nothing; {@code prepare} readies what the policy about
     * to serve needs (user stores, issuers' key sources) and runs only once the files held still while being read, just
     * before the swap, so that a read that is dropped never touches what serves. Either refuses by throwing.
     */
    public PolicyWatcher(Path directory, EnvironmentVariables env, PolicyHolder holder, Consumer<PolicySnapshot> check,
                         Consumer<PolicySnapshot> prepare, ApplicationEventPublisher events, MeterRegistry metrics,
                         Duration interval, Clock clock) {
        super("policy", directory, policyFiles(directory), "portcullis.policy.reload", metrics, interval, clock,
                holder.current().loadedAt());
        this.directory = directory;
        this.env = env;
        this.holder = holder;
        this.check = check;
        this.prepare = prepare;
        this.events = events;
    }

    private static Supplier<byte[]> policyFiles(Path directory) {
        List<Path> files = List.of(directory.resolve(PolicyLoader.POLICY_FILE), directory.resolve(PolicyLoader.USERS_FILE));
        return () -> Fingerprint.of(files);
    }

    @Override
    protected Runnable reload() {
        try {
            PolicySnapshot snapshot = PolicyLoader.load(directory, env);
            check.accept(snapshot);
            return () -> apply(snapshot);
        } catch (InvalidPolicyException e) {
            return () -> refuse(e.problems());
        } catch (RuntimeException e) {
            return () -> refuse(List.of(problemOf(e)));
        }
    }

    /** A refusal with no position of its own (a check of the shell's, not the reader's) is told at policy.yaml's start. */
    private static Problem problemOf(RuntimeException e) {
        return new Problem(PolicyLoader.POLICY_FILE, 1, 1, e.getMessage());
    }

    private void apply(PolicySnapshot snapshot) {
        try {
            prepare.accept(snapshot);
        } catch (RuntimeException e) {
            refuse(List.of(problemOf(e)));
            return;
        }
        holder.swap(snapshot);
        events.publishEvent(new RefreshRoutesEvent(this));
        applied(snapshot.loadedAt());
        log.info("policy reloaded from {}: {} routes, {} users", directory, snapshot.policy().routes().size(),
                snapshot.users().all().size());
    }

    private void refuse(List<Problem> problems) {
        List<String> errors = problems.stream().map(Problem::toString).toList();
        refused(errors);
        log.error("policy reload refused, still serving the policy loaded at {}:\n  {}", status().loadedAt(),
                String.join("\n  ", errors));
    }
}
