package io.portcullis.gateway.throttle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.store.StoreBreaker;
import io.portcullis.policy.rate.SlidingLogStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Wiring of the throttle phase: Redis when {@code REDIS_URL} is set (with a local fallback), else memory. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ThrottleProperties.class)
public class ThrottleConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ThrottleConfiguration.class);

    @Bean
    Throttler throttler(ThrottleProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis,
                        ObjectProvider<StoreBreaker> breaker,
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
        StoreBreaker store = breaker.getObject();
        // 1 while the breaker is closed: shared limits apply; 0 while store_failure does (or probes are running).
        registry.gauge("portcullis.throttle.store.available", store, b -> b.available() ? 1 : 0);
        return Throttler.shared(new RedisRateLimiter(template, prefix), local, store, properties.instances(), registry);
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
