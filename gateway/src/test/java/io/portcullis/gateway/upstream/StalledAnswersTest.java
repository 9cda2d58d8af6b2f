package io.portcullis.gateway.upstream;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The read timeout counts only the upstream's silence while its answer's body is due. */
class StalledAnswersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final AtomicLong nanos = new AtomicLong();
    private final StalledAnswers handler = new StalledAnswers(TIMEOUT, nanos::get);
    private final EmbeddedChannel channel = new EmbeddedChannel(handler);

    private void elapse(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        handler.check(channel.pipeline().context(handler));
    }

    private void head() {
        channel.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    }

    @Test
    void aBodyThatStopsArrivingForTheTimeoutClosesTheConnection() {
        head();
        channel.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[]{1})));

        elapse(TIMEOUT.minusSeconds(1));
        assertThat(channel.isActive()).isTrue();
        elapse(Duration.ofSeconds(1));
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void eachReadStartsTheSilenceAgain() {
        head();
        for (int i = 0; i < 5; i++) {
            elapse(TIMEOUT.minusSeconds(1));
            channel.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[]{1})));
        }

        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void aCompleteAnswerLeavesAnIdleKeptAliveConnectionAlone() {
        head();
        channel.writeInbound(new DefaultLastHttpContent());

        elapse(TIMEOUT.multipliedBy(10));
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void timeTheGatewayDoesNotReadBecauseItsClientIsSlowIsNotTheUpstreamsStall() {
        head();
        channel.config().setAutoRead(false);

        elapse(TIMEOUT.multipliedBy(3));
        assertThat(channel.isActive()).isTrue();

        channel.config().setAutoRead(true);
        elapse(TIMEOUT);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void noAnswerStartedMeansNothingToTime() {
        elapse(TIMEOUT.multipliedBy(10));

        assertThat(channel.isActive()).isTrue();
    }
}
