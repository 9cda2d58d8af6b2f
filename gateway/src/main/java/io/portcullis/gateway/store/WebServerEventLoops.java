package io.portcullis.gateway.store;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lends Lettuce the web server's event loops, so a Redis command issued while a request is handled is written, and its
 * reply read, on the request's own thread: no hand-off to a Lettuce thread and back for each command. The loops belong
 * to the web server: Lettuce never shuts them down.
 */
final class WebServerEventLoops implements EventLoopGroupProvider {

    private final Supplier<EventLoopGroup> loops;

    WebServerEventLoops(Supplier<EventLoopGroup> loops) {
        this.loops = loops;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        return (T) loops.get();
    }

    @Override
    public int threadPoolSize() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }
}
