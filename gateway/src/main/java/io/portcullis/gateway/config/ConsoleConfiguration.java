package io.portcullis.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.console.TrafficHistory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/**
 * The ops console's traffic history, sampled in the application context from its first second, so the console shows
 * the last 15 minutes even when opened later. The console's pages are the management server's (console.ConsoleRoutes).
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {

    @Bean
    TrafficHistory trafficHistory(MeterRegistry metrics, Clock clock,
                                  @Value("${portcullis.console.sample-interval:5s}") Duration interval) {
        return new TrafficHistory(metrics, clock, interval, Duration.ofMinutes(15));
    }
}
