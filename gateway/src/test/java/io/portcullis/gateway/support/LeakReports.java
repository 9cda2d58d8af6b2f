package io.portcullis.gateway.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Netty's buffer leak detector at its most thorough, with its reports collected: a buffer released by nobody is
 * reported once it has been garbage collected, when the detector next tracks a new buffer. Call {@link #install()}
 * before the server starts (a static initializer of the test class), and again before each test: Spring Boot resets
 * the logging system when its context starts, which removes the collecting appender.
 */
public final class LeakReports {

    private static final ListAppender<ILoggingEvent> REPORTS = new ListAppender<>();

    private LeakReports() {
    }

    public static synchronized void install() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        REPORTS.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        if (!logger.isAttached(REPORTS)) {
            logger.addAppender(REPORTS);
        }
    }

    /** Back to Netty's default sampling, for the test classes that share this JVM. */
    public static synchronized void uninstall() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    }

    /** The leak reports so far, after collecting garbage and tracking new buffers so that the detector reports. */
    public static List<String> collect() throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(100);
            for (int i = 0; i < 100; i++) {
                ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(16);
                buffer.release();
            }
        }
        synchronized (REPORTS) {
            return REPORTS.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("LEAK")).toList();
        }
    }
}
