package io.portcullis.gateway.upstream;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.ReferenceCountUtil;
import io.portcullis.gateway.web.ErrorHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class UndecodableAnswersTest {

    /** What the upstream connection hands Reactor Netty for {@code bytes}, its end included. */
    private static HttpObject decode(String bytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpResponseDecoder(), UndecodableAnswers.INSTANCE);
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        channel.finish();
        HttpObject first = channel.readInbound();
        for (Object rest = channel.readInbound(); rest != null; rest = channel.readInbound()) {
            ReferenceCountUtil.release(rest);
        }
        return first;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HELLO 200 WORLD\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Type: te"})
    void readWhenTheAnswerIsNotHttpThenItsFailureIsA502(String answer) {
        HttpObject decoded = decode(answer);

        assertThat(decoded.decoderResult().isFailure()).isTrue();
        assertThat(ErrorHandler.toApiError(decoded.decoderResult().cause()).status()).isEqualTo(HttpStatus.BAD_GATEWAY);
    }

    @Test
    void readWhenTheAnswerIsHttpThenItPassesUntouched() {
        HttpObject decoded = decode("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        assertThat(decoded.decoderResult().isSuccess()).isTrue();
    }
}
