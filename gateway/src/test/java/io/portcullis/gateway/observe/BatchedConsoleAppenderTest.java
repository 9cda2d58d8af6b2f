package io.portcullis.gateway.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BatchedConsoleAppenderTest {

    private final LoggerContext context = new LoggerContext();
    private final CountingTarget target = new CountingTarget();
    private final BatchedConsoleAppender appender = new BatchedConsoleAppender();

    @AfterEach
    void stop() {
        appender.stop();
    }

    private void start(long flushIntervalMillis, int maxPendingBytes) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%m%n");
        encoder.start();
        appender.setContext(context);
        appender.setName("TEST");
        appender.setEncoder(encoder);
        appender.setFlushIntervalMillis(flushIntervalMillis);
        appender.setMaxPendingBytes(maxPendingBytes);
        appender.setTarget(target);
        appender.start();
    }

    private void log(String message) {
        appender.doAppend(new LoggingEvent("test", context.getLogger("portcullis.access"), Level.INFO, message, null, null));
    }

    @Test
    void linesGatherInMemoryAndLeaveInOneWriteWhenTheIntervalEnds() {
        start(200, 1 << 20);
        for (int i = 0; i < 100; i++) {
            log("line " + i);
        }
        assertThat(target.text()).as("nothing written per line").isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> !target.text().isEmpty());
        assertThat(target.writes).isEqualTo(1);
        assertThat(target.text().lines()).hasSize(100).first().isEqualTo("line 0");
    }

    @Test
    void stoppingWritesWhatIsPending() {
        start(3_600_000, 1 << 20);
        log("first");
        log("last");
        assertThat(target.text()).isEmpty();

        appender.stop();

        assertThat(target.text()).isEqualTo("first\nlast\n");
        assertThat(appender.isStarted()).isFalse();
    }

    @Test
    void pastTheLimitTheLoggingThreadWritesItselfAndNothingIsDropped() {
        start(3_600_000, 64);
        for (int i = 0; i < 20; i++) {
            log("a line of some length " + i);
        }
        assertThat(target.writes).as("written by the caller, long before the interval").isGreaterThan(5);

        appender.stop();
        assertThat(target.text().lines()).hasSize(20).last().isEqualTo("a line of some length 19");
    }

    @Test
    void linesFromManyThreadsAllArriveWholeAndInEachThreadsOrder() throws Exception {
        start(5, 4096);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 2_000; i++) {
                    log("thread " + thread + " line " + i);
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        appender.stop();

        List<String> lines = target.text().lines().toList();
        assertThat(lines).hasSize(8_000);
        for (int t = 0; t < 4; t++) {
            String prefix = "thread " + t + " line ";
            List<Integer> order = lines.stream().filter(l -> l.startsWith(prefix))
                    .map(l -> Integer.parseInt(l.substring(prefix.length()))).toList();
            assertThat(order).hasSize(2_000).isSorted();
        }
    }

    @Test
    void refusesToStartWithoutAnEncoder() {
        appender.setContext(context);
        appender.setName("TEST");
        appender.start();

        assertThat(appender.isStarted()).isFalse();
    }

    /** Collects what is written and counts the calls. */
    private static final class CountingTarget extends ByteArrayOutputStream {
        volatile int writes;

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            writes++;
            super.write(bytes, offset, length);
        }

        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }
}
