package io.portcullis.gateway.upstream;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Closes an upstream connection whose answer has started but then stops arriving for longer than the read timeout.
 * Spring Cloud Gateway's response timeout ends when the status line arrives, so an upstream that stalls mid-body would
 * otherwise hold its client forever; closed, the answer is cut short as any upstream reset is (the client's connection
 * is closed without completing the message). Time the gateway itself stops reading (backpressure from a slow client:
 * auto-read off) is not the upstream's stall and is never counted. One instance per connection, on its event loop.
 */
public final class StalledAnswers extends ChannelDuplexHandler {

    private final long timeoutNanos;
    private final LongSupplier nanos;
    private boolean inBody;
    private long lastRead;
    private ScheduledFuture<?> check;

    StalledAnswers(Duration timeout, LongSupplier nanos) {
        this.timeoutNanos = timeout.toNanos();
        this.nanos = nanos;
    }

    /** {@code client} with the read timeout on every upstream connection, after the HTTP codec. */
    public static HttpClient on(HttpClient client, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("portcullis.upstream.read-timeout must be positive, not " + timeout);
        }
        return client.doOnChannelInit((observer, channel, remoteAddress) -> channel.pipeline()
                .addBefore(NettyPipeline.ReactiveBridge, "portcullis.stalledAnswers", new StalledAnswers(timeout, System::nanoTime)));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastRead = nanos.getAsLong();
        if (msg instanceof HttpResponse) {
            inBody = true;
            schedule(ctx, timeoutNanos);
        }
        if (msg instanceof LastHttpContent) {
            inBody = false;
            cancel();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        if (check == null) {
            check = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Runs on the connection's event loop. */
    void check(ChannelHandlerContext ctx) {
        check = null;
        if (!inBody || !ctx.channel().isActive()) {
            return;
        }
        long now = nanos.getAsLong();
        if (!ctx.channel().config().isAutoRead()) {
            lastRead = now; // the gateway is not reading (its client is slow): not the upstream's pause
        }
        long idle = now - lastRead;
        if (idle >= timeoutNanos) {
            ctx.close();
        } else {
            schedule(ctx, timeoutNanos - idle);
        }
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
