package io.portcullis.gateway.guard;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.gateway.web.ApiErrorWriter;
import org.springframework.http.HttpStatus;
import reactor.netty.NettyPipeline;

/**
 * The HTTP codec's refusals, as JSON like every other error (DESIGN.md "Every refusal is JSON"). Sits between the
 * codec and Reactor Netty's traffic handler, which otherwise answers whatever the codec could not decode itself
 * ({@code sendDecodingFailures}), with an empty body:
 * <ul>
 * <li>A request line or header block that fails (too long: 414, too large: 431, else 400) is still answered by Reactor
 *     Netty, before any filter runs; this handler notes the failure on its way in and gives the empty answer that
 *     follows its body on its way out.</li>
 * <li>A body that fails to decode (a bad chunk size, ...) belongs to a request the gateway is already handling: it
 *     becomes an error of that request's body, so the pipeline answers it (400, never forwarded when buffered; a
 *     streamed one is aborted) and logs it, and the connection closes after that answer, since the codec reads
 *     nothing more from it.</li>
 * </ul>
 */
final class CodecRefusals extends ChannelDuplexHandler {

    static final String NAME = "portcullis.codecRefusals";

    /** A request was read and its answer is not complete yet. */
    private boolean requestOpen;
    /** A request line or header block failed: Reactor Netty's empty answer to it has not passed yet. */
    private boolean refusing;
    /** The open request's body failed: its answer is the connection's last. */
    private boolean closing;

    /**
     * Adds the handler to a new connection's HTTP/1.1 pipeline; with TLS and ALPN the pipeline is only known once the
     * protocol is chosen, so then it is added after the handshake (HTTP/2 has no such codec).
     */
    static void addTo(ChannelPipeline pipeline) {
        if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
            pipeline.addBefore(NettyPipeline.HttpTrafficHandler, NAME, new CodecRefusals());
        } else if (pipeline.get(NettyPipeline.H2OrHttp11Codec) != null) {
            pipeline.addAfter(NettyPipeline.H2OrHttp11Codec, NAME, new AfterNegotiation());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean failed = msg instanceof DecoderResultProvider decoded && decoded.decoderResult().isFailure();
        if (failed && requestOpen && !(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
            closing = true;
            ctx.fireExceptionCaught(new ApiErrorException(ApiError.malformed(HttpStatus.BAD_REQUEST)));
            return;
        }
        if (failed) {
            refusing = true;
        } else if (msg instanceof HttpRequest) {
            requestOpen = true;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        Object out = msg;
        if (refusing && msg instanceof FullHttpResponse response && !response.content().isReadable()) {
            out = withJsonBody(response);
        }
        if (closing && out instanceof HttpResponse response) {
            HttpUtil.setKeepAlive(response, false);
        }
        if (out instanceof LastHttpContent) {
            requestOpen = false;
            if (closing) {
                ctx.write(out, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        ctx.write(out, promise);
    }

    /** Reactor Netty's empty 400, 414 or 431 with the matching {@link ApiError}; any other answer as it is. */
    private FullHttpResponse withJsonBody(FullHttpResponse empty) {
        HttpStatus status = HttpStatus.resolve(empty.status().code());
        if (status != HttpStatus.BAD_REQUEST && status != HttpStatus.URI_TOO_LONG
                && status != HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE) {
            return empty;
        }
        refusing = false;
        byte[] json = ApiErrorWriter.body(ApiError.malformed(status));
        FullHttpResponse answer = empty.replace(Unpooled.wrappedBuffer(json));
        empty.release();
        answer.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        return answer;
    }

    /** Waits for ALPN to choose: HTTP/1.1 gets the handler before its traffic handler; then this one leaves. */
    private static final class AfterNegotiation extends ChannelInboundHandlerAdapter {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent) {
                ChannelPipeline pipeline = ctx.pipeline();
                pipeline.remove(this);
                if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
                    pipeline.addBefore(NettyPipeline.HttpTrafficHandler, NAME, new CodecRefusals());
                }
            }
            super.userEventTriggered(ctx, event);
        }
    }
}
