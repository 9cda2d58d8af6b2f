package io.portcullis.gateway.support;

import io.portcullis.gateway.GatewayApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One more gateway in this JVM, on free public and management ports, for tests that need several instances or one
 * started under conditions of their own (a paused Redis, say). Arguments are {@code --name=value} properties.
 */
public final class GatewayInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private GatewayInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a gateway with the test JWT secret, then {@code properties} (which may override anything). */
    public static GatewayInstance start(String... properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
                "--portcullis.jwt.secret=" + GatewayHarness.JWT_SECRET));
        args.addAll(List.of(properties));
        return new GatewayInstance(new SpringApplicationBuilder(GatewayApplication.class)
                .initializers(GatewayInstance::ownEventLoops)
                .run(args.toArray(String[]::new)));
    }

    /**
     * Event loops of its own: Boot's default resource factory uses Reactor Netty's global loops and disposes them when
     * its context closes, which would stop every other gateway in this JVM (in production there is one per JVM).
     */
    private static void ownEventLoops(ConfigurableApplicationContext context) {
        ((GenericApplicationContext) context).registerBean("reactorResourceFactory", ReactorResourceFactory.class, () -> {
            ReactorResourceFactory resources = new ReactorResourceFactory();
            resources.setUseGlobalResources(false);
            return resources;
        });
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Turns readiness to {@code OUT_OF_SERVICE}, as Spring Boot does when a graceful shutdown begins. */
    public void refuseTraffic() {
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    }

    @Override
    public void close() {
        context.close();
    }
}
