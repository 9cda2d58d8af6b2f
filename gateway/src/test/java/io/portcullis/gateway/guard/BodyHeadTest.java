package io.portcullis.gateway.guard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link BodyHead}: what is forwarded, in order, and that every buffer read is released by exactly one owner. */
class BodyHeadTest {

    private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(new UnpooledByteBufAllocator(false));
    private final List<ByteBuf> read = new ArrayList<>();
    private final Sinks.Many<DataBuffer> client = Sinks.many().unicast().onBackpressureBuffer();

    private DataBuffer part(String text) {
        NettyDataBuffer buffer = buffers.wrap(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1)));
        read.add(buffer.getNativeBuffer());
        return buffer;
    }

    private void send(String... texts) {
        for (String text : texts) {
            client.tryEmitNext(part(text));
        }
    }

    /** The client's body as the server delivers it: reads it never delivered are released when it is cancelled. */
    private Flux<DataBuffer> body() {
        return client.asFlux().doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    /** What the upstream receives: the forwarded bytes, each buffer released as a sender does. */
    private static String forwarded(Flux<DataBuffer> body) {
        return body.map(buffer -> {
            String text = buffer.toString(StandardCharsets.ISO_8859_1);
            DataBufferUtils.release(buffer);
            return text;
        }).collectList().map(texts -> String.join("", texts)).block(Duration.ofSeconds(5));
    }

    private void assertEveryReadReleased() {
        assertThat(read).allSatisfy(buffer -> assertThat(buffer.refCnt()).isZero());
    }

    @Test
    void readWhenBodyEndsWithinTheLimitThenTheHeadIsTheWholeBody() {
        BodyHead head = new BodyHead(10, buffers);
        send("hello", "world");
        client.tryEmitComplete();

        head.read(body()).block(Duration.ofSeconds(5));

        assertThat(head.whole()).isTrue();
        assertThat(head.size()).isEqualTo(10);
        assertThat(forwarded(head.body())).isEqualTo("helloworld");
        head.release();
        assertEveryReadReleased();
    }

    @Test
    void readWhenBodyGrowsPastTheLimitThenTheHeadIsFollowedByTheRest() {
        BodyHead head = new BodyHead(6, buffers);
        send("hello", "world", "again");

        head.read(body()).block(Duration.ofSeconds(5));
        Flux<DataBuffer> body = head.body();
        send("and", "done");
        client.tryEmitComplete();

        assertThat(head.whole()).isFalse();
        assertThat(forwarded(body)).isEqualTo("helloworldagainanddone");
        head.release();
        assertEveryReadReleased();
    }

    @Test
    void releaseWhenTheUpstreamNeverTookTheBodyThenEveryReadIsReleased() {
        BodyHead head = new BodyHead(10, buffers);
        send("hello", "world");
        client.tryEmitComplete();
        head.read(body()).block(Duration.ofSeconds(5));

        head.release();

        assertEveryReadReleased();
        assertThat(forwarded(head.body())).as("nothing left to take").isEmpty();
    }

    @Test
    void releaseWhenTheRestWasNeverAskedForThenEveryReadIsReleased() {
        BodyHead head = new BodyHead(4, buffers);
        send("hello", "world");
        head.read(body()).block(Duration.ofSeconds(5));
        send("more");

        head.release();

        assertEveryReadReleased();
    }

    @Test
    void releaseWhileTheRestIsRelayedThenTheRestFails() {
        BodyHead head = new BodyHead(4, buffers);
        send("hello");
        head.read(body()).block(Duration.ofSeconds(5));
        List<String> received = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        head.body().subscribe(buffer -> {
            received.add(buffer.toString(StandardCharsets.ISO_8859_1));
            DataBufferUtils.release(buffer);
        }, failures::add);

        head.release();

        assertThat(received).containsExactly("hello");
        assertThat(failures).singleElement().isInstanceOf(CancellationException.class);
        assertEveryReadReleased();
    }

    @Test
    void readWhenBodyFailsBeforeItsHeadIsKnownThenTheFailureAndNothingHeld() {
        BodyHead head = new BodyHead(100, buffers);
        send("hel");
        client.tryEmitError(new IllegalStateException("bad chunk"));

        assertThatThrownBy(() -> head.read(body()).block(Duration.ofSeconds(5))).hasMessageContaining("bad chunk");
        head.release();

        assertEveryReadReleased();
    }
}
