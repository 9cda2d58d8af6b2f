package io.portcullis.gateway.web;

import io.netty.channel.EventLoop;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import io.netty.util.internal.ThreadExecutorMap;
import reactor.netty.Connection;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Brings a request's work back to the Netty event loop that serves its connection after waiting on another client
 * (Redis replies arrive on the loop of the one Redis connection: one of the web server's loops, see
 * WebServerEventLoops, but not necessarily this request's). Staying there would funnel every request through it;
 * hopping to a shared pool would cost a second hand-off when the upstream call is made from the wrong loop. When the
 * value is already on the request's loop (a synchronous step), nothing is scheduled.
 */
public final class RequestThread {

    private static final Map<EventLoop, Scheduler> SCHEDULERS = new ConcurrentHashMap<>();

    private RequestThread() {
    }

    /**
     * {@code work}'s value or error, delivered on the request's event loop (or where it arrived, off Reactor Netty):
     * an answer written from another thread can leave a kept-alive connection's next request unanswered.
     */
    public static <T> Mono<T> resume(ServerWebExchange exchange, Mono<T> work) {
        EventLoop loop = eventLoop(exchange);
        if (loop == null) {
            return work;
        }
        return work.flatMap(value -> loop.inEventLoop() ? Mono.just(value) : Mono.just(value).publishOn(scheduler(loop)))
                .onErrorResume(error -> loop.inEventLoop() ? Mono.error(error) : Mono.<T>error(error).publishOn(scheduler(loop)));
    }

    private static Scheduler scheduler(EventLoop loop) {
        return SCHEDULERS.computeIfAbsent(loop, Schedulers::fromExecutorService);
    }

    /** A scheduler on the request's event loop, for its timers (else Reactor's parallel one, off Reactor Netty). */
    public static Scheduler scheduler(ServerWebExchange exchange) {
        EventLoop loop = eventLoop(exchange);
        return loop == null ? Schedulers.parallel() : scheduler(loop);
    }

    /**
     * A scheduler on the current thread's event loop, for the timers of work started there (else Reactor's parallel
     * one): the timer then fires in the loop's own order, after replies it has already received, and never wakes
     * another thread.
     */
    public static Scheduler currentLoopScheduler() {
        return ThreadExecutorMap.currentExecutor() instanceof EventLoop loop ? scheduler(loop) : Schedulers.parallel();
    }

    /**
     * {@code work}, failing with a {@link TimeoutException} when it has not answered within {@code timeout} on
     * {@code timer}. Given as a fallback rather than left to Reactor, which builds its own error's description (by a
     * regular expression over class names) on every subscription: this runs for every forwarded request and Redis call.
     */
    public static <T> Mono<T> deadline(Mono<T> work, Duration timeout, Scheduler timer) {
        return work.timeout(timeout, Mono.error(() -> new TimeoutException("no answer within " + timeout.toMillis() + " ms")),
                timer);
    }

    private static EventLoop eventLoop(ServerWebExchange exchange) {
        Object nativeRequest;
        try {
            nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        } catch (IllegalStateException e) {
            return null; // a request built in memory (tests): no server, no loop to return to
        }
        return nativeRequest instanceof Connection connection ? connection.channel().eventLoop() : null;
    }
}
