package io.portcullis.bench.peer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;

/**
 * The benchmark's peer: what a Spring team would assemble by hand. Profile {@code plain} is a single route with
 * no security (see {@code application-plain.yml}); profile {@code conventional} is {@link ConventionalConfig}.
 */
@SpringBootApplication
public class PeerApplication {

    public static void main(String[] args) {
        SpringApplication.run(PeerApplication.class, args);
    }

    @Bean
    @Profile("plain")
    RouteLocator plainRoutes(RouteLocatorBuilder builder, @Value("${peer.upstream}") String upstream) {
        return builder.routes().route("plain", r -> r.path("/**").uri(upstream)).build();
    }
}
