package io.portcullis.gateway;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The blocking calls NoBlockingOnEventLoopsIntegrationTest accepts on an event loop beyond the libraries' own
 * BlockHound integrations (Reactor, Netty, Spring): only bounded library internals, each with the reason it is safe.
 */
public final class EventLoopAllowances implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Logback's AsyncAppender (audit log, event-loop warnings: logback-spring.xml) hands each line to an in-memory
        // queue. That takes the queue's lock for an enqueue (a park only while the writer thread holds it to drain), and
        // waits for room only when 8192 lines are queued: the back-pressure logback-spring.xml chooses over dropping
        // audit lines. The console write itself happens on the appender's own thread. (The access log's
        // BatchedConsoleAppender only takes a monitor, which BlockHound does not report, to append to its buffer.)
        builder.allowBlockingCallsInside("ch.qos.logback.core.AsyncAppenderBase", "put");
    }
}
