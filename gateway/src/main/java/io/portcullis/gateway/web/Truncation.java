package io.portcullis.gateway.web;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2StreamChannel;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.Connection;

/**
 * Ends an answer that was started (its status line sent) but cannot be finished, so that no client takes it for
 * complete (DESIGN.md "A truncated answer never looks complete"). Completing the exchange normally would make Reactor
 * Netty write the last chunk, turning half a document into a whole one; instead HTTP/1.1 closes the connection (no
 * last chunk, fewer bytes than {@code Content-Length}) and HTTP/2 resets the stream. The close is queued before
 * anything Reactor Netty writes afterwards, which then fails on the closed channel.
 */
final class Truncation {

    private Truncation() {
    }

    /** Cuts the answer's connection or stream; false when the client had already gone (nothing left to cut). */
    static boolean cut(ServerWebExchange exchange) {
        Channel channel = channel(exchange);
        if (channel == null) {
            return true; // an exchange built in memory (tests): no connection to cut
        }
        if (!channel.isActive()) {
            return false;
        }
        if (channel instanceof Http2StreamChannel) {
            // INTERNAL_ERROR: the stream failed; closing alone sends CANCEL, and only while the request is unread
            channel.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR));
        }
        channel.close();
        return true;
    }

    private static Channel channel(ServerWebExchange exchange) {
        Object nativeResponse;
        try {
            nativeResponse = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
        } catch (IllegalStateException e) {
            return null;
        }
        return nativeResponse instanceof Connection connection ? connection.channel() : null;
    }
}
