package io.portcullis.gateway.upstream;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpObject;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;

/**
 * Marks an upstream answer that Netty's HTTP decoder could not read as the {@link DecoderException} it is. The decoder
 * reports such bytes as a failed decoder result carrying whatever its parser threw ({@code IllegalArgumentException}
 * for a status line like {@code HELLO 200 WORLD}, {@code PrematureChannelClosureException} for half a header block),
 * and Reactor Netty passes that cause on as the request's error; without this mark the error handler could not tell
 * an upstream that does not speak HTTP (502) from a bug in the gateway (500).
 */
@ChannelHandler.Sharable
public final class UndecodableAnswers extends ChannelInboundHandlerAdapter {

    static final UndecodableAnswers INSTANCE = new UndecodableAnswers();

    private UndecodableAnswers() {
    }

    /** {@code client} with the mark on every upstream connection, between the HTTP codec and Reactor Netty. */
    public static HttpClient markedOn(HttpClient client) {
        return client.doOnChannelInit((observer, channel, remoteAddress) -> channel.pipeline()
                .addBefore(NettyPipeline.ReactiveBridge, "portcullis.undecodableAnswers", INSTANCE));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpObject object && object.decoderResult().isFailure()
                && !(object.decoderResult().cause() instanceof DecoderException)) {
            object.setDecoderResult(DecoderResult.failure(new DecoderException(object.decoderResult().cause())));
        }
        ctx.fireChannelRead(msg);
    }
}
