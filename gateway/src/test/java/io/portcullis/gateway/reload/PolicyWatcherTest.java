package io.portcullis.gateway.reload;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.parse.EnvironmentVariables;
import io.portcullis.policy.parse.PolicyLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyWatcherTest {

    private final Path dir = PolicyFixture.write("pipeline", Map.of("upstream", "http://127.0.0.1:1", "refused", "http://127.0.0.1:2"));
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final List<Object> events = new ArrayList<>();
    private PolicyHolder holder;
    private PolicyWatcher watcher;

    private PolicyWatcher watcher(Duration interval) throws Exception {
        holder = new PolicyHolder(PolicyLoader.load(dir));
        watcher = new PolicyWatcher(dir, holder, snapshot -> { }, events::add, metrics, interval, Clock.systemUTC());
        return watcher;
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.stop();
        }
    }

    private void edit(String from, String to) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, Files.readString(policy).replace(from, to));
    }

    @Test
    void pollWhenContentChangedOnceThenWaitsForASecondEqualLookBeforeApplying() throws Exception {
        PolicyWatcher watcher = watcher(Duration.ofHours(1));
        PolicySnapshot before = holder.current();
        edit("id: public", "id: open");

        watcher.poll();
        assertThat(holder.current()).isSameAs(before);

        watcher.poll();
        assertThat(holder.current().policy().routes().get(0).id()).isEqualTo("open");
        assertThat(events).hasSize(1);
        assertThat(metrics.counter("portcullis.policy.reload", "result", "applied").count()).isEqualTo(1);
    }

    @Test
    void pollWhenEditInvalidThenKeepsTheLastGoodPolicyAndReportsStale() throws Exception {
        PolicyWatcher watcher = watcher(Duration.ofHours(1));
        PolicySnapshot before = holder.current();
        edit("permission: AllowAny", "permission: Allow Any");

        watcher.poll();
        watcher.poll();

        assertThat(holder.current()).isSameAs(before);
        assertThat(watcher.status().stale()).isTrue();
        assertThat(watcher.status().errors()).isNotEmpty()
                .allSatisfy(error -> assertThat(error).startsWith("policy.yaml:").contains("unknown permission 'Allow'"));
        assertThat(metrics.counter("portcullis.policy.reload", "result", "refused").count()).isEqualTo(1);
    }

    @Test
    void startedWatcherAppliesAnEditOnAFileEventWithoutWaitingForThePoll() throws Exception {
        watcher(Duration.ofHours(1)).start();
        Thread.sleep(200);
        edit("id: public", "id: evented");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!holder.current().policy().routes().get(0).id().equals("evented") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(holder.current().policy().routes().get(0).id()).isEqualTo("evented");
    }

    @Test
    void pollWhenTheFilesChangeWhileTheyAreReadThenAppliesNothingUntilTheyHoldStill() throws Exception {
        holder = new PolicyHolder(PolicyLoader.load(dir));
        PolicySnapshot before = holder.current();
        // A ConfigMap swap landing between the reads of policy.yaml and users.yaml: what was read may mix two versions.
        boolean[] swapped = {false};
        watcher = new PolicyWatcher(dir, holder, snapshot -> {
            if (!swapped[0]) {
                swapped[0] = true;
                editUnchecked("id: half", "id: whole");
            }
        }, events::add, metrics, Duration.ofHours(1), Clock.systemUTC());
        edit("id: public", "id: half");

        watcher.poll();
        watcher.poll();
        assertThat(holder.current()).isSameAs(before);

        watcher.poll();
        assertThat(holder.current().policy().routes().get(0).id()).isEqualTo("whole");
        assertThat(metrics.counter("portcullis.policy.reload", "result", "applied").count()).isEqualTo(1);
    }

    @Test
    void pollWhenAReadIsDroppedThenNothingWasPreparedForIt() throws Exception {
        holder = new PolicyHolder(PolicyLoader.load(dir));
        List<String> prepared = new ArrayList<>();
        boolean[] swapped = {false};
        watcher = new PolicyWatcher(dir, EnvironmentVariables.SYSTEM, holder, snapshot -> {
            if (!swapped[0]) {
                swapped[0] = true;
                editUnchecked("id: half", "id: whole");
            }
        }, snapshot -> prepared.add(snapshot.policy().routes().get(0).id()), events::add, metrics, Duration.ofHours(1),
                Clock.systemUTC());
        edit("id: public", "id: half");

        watcher.poll();
        watcher.poll();
        assertThat(prepared).as("the read of 'half' was dropped: prepared for nothing").isEmpty();

        watcher.poll();
        assertThat(prepared).containsExactly("whole");
        assertThat(holder.current().policy().routes().get(0).id()).isEqualTo("whole");
    }

    @Test
    void applyWhenPreparingThrowsThenRefusesAndKeepsServing() throws Exception {
        holder = new PolicyHolder(PolicyLoader.load(dir));
        PolicySnapshot before = holder.current();
        watcher = new PolicyWatcher(dir, EnvironmentVariables.SYSTEM, holder, snapshot -> { }, snapshot -> {
            throw new IllegalStateException("cannot prepare");
        }, events::add, metrics, Duration.ofHours(1), Clock.systemUTC());
        edit("id: public", "id: open");

        watcher.poll();
        watcher.poll();

        assertThat(holder.current()).isSameAs(before);
        assertThat(watcher.status().stale()).isTrue();
        assertThat(metrics.counter("portcullis.policy.reload", "result", "refused").count()).isEqualTo(1);
    }

    private void editUnchecked(String from, String to) {
        try {
            edit(from, to);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
