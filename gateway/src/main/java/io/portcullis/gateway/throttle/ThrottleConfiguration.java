package io.portcullis.gateway.throttle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.policy.rate.SlidingLogStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import java.time.Clock;
import java.time.Duration;

/** Wiring of the throttle phase: Redis when {@code REDIS_URL} is set (with a local fallback), else memory. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ThrottleProperties.class)
public class ThrottleConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ThrottleConfiguration.class);
    private static final Duration WARM_UP = Duration.ofSeconds(2);

    @Bean
    Throttler throttler(ThrottleProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis,
                        @Value("${portcullis.store.key-prefix:portcullis:}") String prefix,
                        ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        LocalRateLimiter local = new LocalRateLimiter(
                new SlidingLogStore(properties.maxKeys(), properties.maxSlots()), LocalRateLimiter.MONOTONIC_MILLIS);
        ReactiveStringRedisTemplate template = redis.getIfAvailable();
        if (template == null) {
            log.info("REDIS_URL is not set: rate limits are kept in memory and apply per instance");
            return Throttler.inMemory(local, registry);
        }
        StoreStatus status = new StoreStatus(properties.retryInterval().toNanos(), System::nanoTime, Clock.systemUTC());
        registry.gauge("portcullis.throttle.store.available", status, s -> s.available() ? 1 : 0);
        RedisRateLimiter limiter = new RedisRateLimiter(template, prefix);
        warmUp(limiter);
        return Throttler.shared(limiter, local, properties.timeout(), properties.instances(), status, registry);
    }

    /** At start-up, off any event loop: the first requests must not spend their 50 ms deadline on connecting. */
    private static void warmUp(RedisRateLimiter limiter) {
        try {
            limiter.load().block(WARM_UP);
        } catch (RuntimeException e) {
            log.warn("Redis did not answer at start-up ({}); rate limits follow throttle.store_failure until it does",
                    e.getClass().getSimpleName());
        }
    }

    @Bean
    ThrottleFilter throttleFilter(Throttler throttler) {
        return new ThrottleFilter(throttler);
    }

    @Bean
    LoginThrottle loginThrottle(Throttler throttler) {
        return new LoginThrottle(throttler);
    }

    @Bean("throttleStore")
    ThrottleStoreHealthIndicator throttleStoreHealthIndicator(Throttler throttler, PolicyHolder holder) {
        return new ThrottleStoreHealthIndicator(throttler, holder);
    }
}
