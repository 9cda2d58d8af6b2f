package io.portcullis.gateway.guard;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The start of one request body, read before the upstream is contacted ({@link RequestBodyFilter}): the whole body
 * when it ends within {@code limit} bytes, else the reads that took it past the limit, followed by the rest of the same
 * body relayed as the upstream asks for it (a server request body allows one subscriber, so the rest cannot be asked
 * for again). Every buffer it has read is its own until the upstream takes it; {@link #release()}, at the end of the
 * exchange, stops reading and gives back whatever was never taken, however the exchange ended.
 */
final class BodyHead extends BaseSubscriber<DataBuffer> {

    private final long limit;
    private final DataBufferFactory buffers;
    /** Reads not yet joined into the head, or not yet relayed. */
    private final List<DataBuffer> parts = new ArrayList<>();
    private long size;
    private MonoSink<Void> ready;
    private DataBuffer head;
    /** The head is the whole body: the body ended within the limit. */
    private boolean whole;
    private boolean complete;
    private Throwable failure;
    private FluxSink<DataBuffer> relay;
    private boolean released;

    BodyHead(long limit, DataBufferFactory buffers) {
        this.limit = limit;
        this.buffers = buffers;
    }

    /** Reads {@code body} until the head is known: completes then, or fails as the body does. */
    Mono<Void> read(Flux<DataBuffer> body) {
        return Mono.create(sink -> {
            synchronized (this) {
                ready = sink;
            }
            body.subscribe(this);
        });
    }

    /** True when the head is the whole body, which ended within the limit. */
    synchronized boolean whole() {
        return whole;
    }

    /** The head's length in bytes. */
    synchronized long size() {
        return head == null ? 0 : head.readableByteCount();
    }

    /** The body to forward: the head, then (unless it is {@link #whole()}) the rest as it arrives. */
    Flux<DataBuffer> body() {
        Mono<DataBuffer> first = Mono.fromSupplier(this::takeHead);
        return whole() ? first.flux() : first.concatWith(rest());
    }

    private synchronized DataBuffer takeHead() {
        DataBuffer taken = head;
        head = null;
        return taken;
    }

    private Flux<DataBuffer> rest() {
        return Flux.<DataBuffer>create(sink -> {
            synchronized (this) {
                if (released) {
                    sink.error(new CancellationException("the exchange has ended"));
                    return;
                }
                relay = sink;
                parts.forEach(sink::next);
                parts.clear();
                if (failure != null) {
                    sink.error(failure);
                    return;
                }
                if (complete) {
                    sink.complete();
                    return;
                }
            }
            sink.onRequest(this::request);
            sink.onCancel(this::cancel);
        }).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    /** Stops reading and releases every buffer the upstream did not take; a rest still being relayed fails. */
    synchronized void release() {
        released = true;
        cancel();
        parts.forEach(DataBufferUtils::release);
        parts.clear();
        DataBufferUtils.release(takeHead());
        if (relay != null) {
            relay.error(new CancellationException("the exchange has ended"));
        }
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        subscription.request(1);
    }

    @Override
    protected synchronized void hookOnNext(DataBuffer read) {
        if (released) {
            DataBufferUtils.release(read);
        } else if (relay != null) {
            relay.next(read);
        } else {
            parts.add(read);
            size += read.readableByteCount();
            if (size <= limit) {
                request(1);
            } else if (ready != null) {
                headKnown();
            }
        }
    }

    @Override
    protected synchronized void hookOnComplete() {
        complete = true;
        if (relay != null) {
            relay.complete();
        } else if (ready != null) {
            whole = true;
            headKnown();
        }
    }

    @Override
    protected synchronized void hookOnError(Throwable error) {
        if (relay != null) {
            relay.error(error);
        } else if (ready != null) {
            MonoSink<Void> sink = ready;
            ready = null;
            sink.error(error);
        } else {
            failure = error;
        }
    }

    private void headKnown() {
        head = parts.isEmpty() ? null : buffers.join(parts);
        parts.clear();
        MonoSink<Void> sink = ready;
        ready = null;
        sink.success();
    }
}
