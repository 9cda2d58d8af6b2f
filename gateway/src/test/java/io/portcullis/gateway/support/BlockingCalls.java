package io.portcullis.gateway.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingMethod;
import reactor.blockhound.integration.BlockHoundIntegration;
import reactor.blockhound.integration.LoggingIntegration;
import reactor.blockhound.integration.StandardOutputIntegration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * BlockHound, installed once per test JVM, recording each blocking call made on a thread that must never block (Netty
 * event loops: Reactor Netty's and Lettuce's; Reactor's parallel and single schedulers). It records rather than
 * throws: the installation is JVM-global and permanent, and other test classes sharing the JVM must not change
 * behaviour because one test installed it. A test {@link #drain() drains} before driving the app, then asserts that
 * the next drain is empty.
 *
 * <p>The integrations found on the class path (Reactor's, Netty's, Spring's) are applied, because they name which
 * threads are non-blocking and which of their own internals block only briefly. Two of BlockHound's own are left out
 * on purpose: {@link LoggingIntegration} allows every logback {@code Logger.callAppenders}, and
 * {@link StandardOutputIntegration} every write to {@code System.out}/{@code System.err}; together they would hide
 * exactly the blocking a gateway is most likely to do, a synchronous console log line written from an event loop.
 */
public final class BlockingCalls {

    private static final int FRAMES = 14;
    private static final Pattern INFRASTRUCTURE =
            Pattern.compile("(java|javax|jdk|sun|ch\\.qos\\.logback|org\\.slf4j|org\\.apache\\.commons\\.logging)\\.");
    private static final Queue<String> RECORDED = new ConcurrentLinkedQueue<>();
    private static boolean installed;

    private BlockingCalls() {
    }

    /** Installs BlockHound with {@code allowances} (applied last); later calls do nothing. */
    public static synchronized void install(BlockHoundIntegration allowances) {
        if (installed) {
            return;
        }
        BlockHound.Builder builder = BlockHound.builder();
        discoveredIntegrations().forEach(builder::with);
        builder.with(allowances);
        builder.blockingMethodCallback(BlockingCalls::record);
        builder.install();
        installed = true;
    }

    /** The blocking calls recorded since the last drain, each as thread, method and the stack that made it. */
    public static List<String> drain() {
        List<String> calls = new ArrayList<>();
        for (String call = RECORDED.poll(); call != null; call = RECORDED.poll()) {
            calls.add(call);
        }
        return calls;
    }

    private static List<BlockHoundIntegration> discoveredIntegrations() {
        return StreamSupport.stream(ServiceLoader.load(BlockHoundIntegration.class).spliterator(), false)
                .filter(integration -> !(integration instanceof LoggingIntegration))
                .filter(integration -> !(integration instanceof StandardOutputIntegration))
                .sorted()
                .toList();
    }

    private static void record(BlockingMethod method) {
        List<StackTraceElement> frames = Arrays.stream(new Throwable().getStackTrace())
                .filter(frame -> !frame.getClassName().startsWith("reactor.blockhound.")
                        && !frame.getClassName().startsWith(BlockingCalls.class.getName()))
                .toList();
        if (idleSchedulerWorker(frames)) {
            return;
        }
        // the top of the stack, then the first caller below it that is neither the JDK nor logging: where to look
        String stack = frames.stream().limit(FRAMES).map(frame -> "\n      at " + frame).collect(Collectors.joining())
                + frames.stream().skip(FRAMES).filter(frame -> !INFRASTRUCTURE.matcher(frame.getClassName()).lookingAt())
                .findFirst().map(frame -> "\n      ...\n      at " + frame).orElse("");
        RECORDED.add(method + " on " + Thread.currentThread().getName() + stack);
    }

    /**
     * A scheduler worker waiting in its own queue for the next task: idle, holding up nothing. Reactor's BlockHound
     * integration allows exactly this wait ({@code DelayedWorkQueue.take}), but a worker already inside {@code take}
     * when BlockHound was installed (a thread started by an earlier test class in the same JVM) keeps running the
     * method as it was before instrumentation, and each of its wake-ups would be recorded as a blocking call.
     */
    private static boolean idleSchedulerWorker(List<StackTraceElement> frames) {
        for (int i = 0; i + 1 < frames.size(); i++) {
            StackTraceElement frame = frames.get(i);
            if (frame.getClassName().equals("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue")
                    && frame.getMethodName().equals("take")) {
                StackTraceElement caller = frames.get(frames.get(i + 1).getMethodName().equals("take") ? Math.min(i + 2, frames.size() - 1) : i + 1);
                return caller.getClassName().equals("java.util.concurrent.ThreadPoolExecutor") && caller.getMethodName().equals("getTask");
            }
        }
        return false;
    }
}
