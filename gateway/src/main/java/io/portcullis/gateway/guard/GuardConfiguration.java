package io.portcullis.gateway.guard;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring only: the request guard and the server's read timeout for slow clients. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestLimits.class)
public class GuardConfiguration {

    @Bean
    RequestGuardFilter requestGuardFilter(RequestLimits limits) {
        return new RequestGuardFilter(limits);
    }

    /** A client that stops sending its body mid-way is cut off instead of holding a connection (slowloris). */
    @Bean
    NettyServerCustomizer readTimeoutCustomizer(RequestLimits limits) {
        return server -> server.readTimeout(limits.readTimeout());
    }
}
