package io.portcullis.gateway.guard;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring only: the request guard, the body phase, and the web server's handling of slow and malformed requests. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestLimits.class)
public class GuardConfiguration {

    @Bean
    RequestGuardFilter requestGuardFilter(RequestLimits limits) {
        return new RequestGuardFilter(limits);
    }

    @Bean
    RequestBodyFilter requestBodyFilter() {
        return new RequestBodyFilter();
    }

    /** A client that stops sending its body mid-way is cut off instead of holding a connection (slowloris). */
    @Bean
    NettyServerCustomizer readTimeoutCustomizer(RequestLimits limits) {
        return server -> server.readTimeout(limits.readTimeout());
    }

    /** The HTTP codec's own refusals (414, 431, malformed framing) answer JSON like every other error. */
    @Bean
    NettyServerCustomizer codecRefusalsCustomizer() {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> CodecRefusals.addTo(channel.pipeline()));
    }
}
