package io.portcullis.gateway.store;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code stores} health component, with or without Redis (the readiness group names it either way). */
@Configuration(proxyBeanMethods = false)
public class StoreHealthConfiguration {

    @Bean("stores")
    StoresHealthIndicator storesHealthIndicator(ObjectProvider<StoreBreaker> redis) {
        return new StoresHealthIndicator(redis.getIfAvailable());
    }
}
