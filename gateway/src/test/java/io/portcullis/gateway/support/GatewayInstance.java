package io.portcullis.gateway.support;

import io.portcullis.gateway.GatewayApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

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
        return new GatewayInstance(new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new)));
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
