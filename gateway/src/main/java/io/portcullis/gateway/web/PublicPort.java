package io.portcullis.gateway.web;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.net.InetSocketAddress;

/**
 * The port of the public server. The management server (actuator) is a child context that inherits the pipeline's
 * web filters; they act only on requests that arrived on the public port.
 */
public final class PublicPort implements ApplicationListener<WebServerInitializedEvent> {

    private volatile int port;

    public PublicPort() {
        this(-1);
    }

    /** A public port known in advance (tests); otherwise it is learnt when the public server starts. */
    PublicPort(int port) {
        this.port = port;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            port = event.getWebServer().getPort();
        }
    }

    /** {@code routes} answering on the public port only; elsewhere they match nothing. */
    public <T extends ServerResponse> RouterFunction<T> only(RouterFunction<T> routes) {
        return RouterFunctions.nest(request -> received(request.exchange().getRequest()), routes);
    }

    public boolean received(ServerHttpRequest request) {
        InetSocketAddress local = request.getLocalAddress();
        return local != null && local.getPort() == port;
    }
}
