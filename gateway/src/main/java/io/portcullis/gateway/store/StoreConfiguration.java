package io.portcullis.gateway.store;

import io.lettuce.core.resource.ClientResources;
import io.portcullis.policy.store.RedisUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.client.ReactorResourceFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Redis, only when {@code REDIS_URL} is set (Spring Boot's Redis auto-configuration is off, so nothing connects to a
 * default localhost). Without it every store is in memory, for one instance.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(RedisConfigured.class)
@EnableConfigurationProperties(StoreBreakerProperties.class)
public class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    /** {@code REDIS_URL}, parsed once: a malformed one stops start-up with its reason ({@link RedisSettingsFailureAnalyzer}). */
    @Bean
    RedisUrl redisUrl(@Value("${redis.url}") String url) {
        return RedisUrl.parse(url);
    }

    @Bean(destroyMethod = "destroy")
    LettuceConnectionFactory redisConnectionFactory(RedisUrl url,
                                                    @Value("${portcullis.redis.ca-file:}") String caFile,
                                                    @Value("${portcullis.store.command-timeout:500ms}") Duration timeout,
                                                    ClientResources redisClientResources) {
        LettuceConnectionFactory factory = RedisConnection.factory(url, timeout, redisClientResources,
                RedisCaFile.of(caFile, url));
        factory.afterPropertiesSet();
        factory.start();
        log.info("REDIS_URL is set ({}): tokens, blacklists and rate-limit counters are shared through Redis", url.address());
        return factory;
    }

    /** Redis I/O on the web server's event loops (the public server's loop resources, looked up when Lettuce connects). */
    @Bean(destroyMethod = "shutdown")
    ClientResources redisClientResources(ReactorResourceFactory webServerResources) {
        return RedisConnection.onWebServerLoops(() -> webServerResources.getLoopResources().onServer(true));
    }

    @Bean
    ReactiveStringRedisTemplate redisTemplate(LettuceConnectionFactory factory) {
        return new ReactiveStringRedisTemplate(factory);
    }

    /** One breaker for the one connection both stores share: when Redis fails, it fails for both. */
    @Bean
    StoreBreaker storeBreaker(RedisUrl url, StoreBreakerProperties properties) {
        return new StoreBreaker(url.address(), properties.config(), Clock.systemUTC(),
                properties.unansweredFor());
    }

    /** Connects before the web server starts (waiting up to {@code startup-wait}), off the event loops. */
    @Bean
    StoreConnector storeConnector(RedisUrl url, LettuceConnectionFactory factory, StoreBreaker breaker, ClientResources redisClientResources,
                                  StoreBreakerProperties properties,
                                  @Value("${portcullis.store.command-timeout:500ms}") Duration timeout) {
        return new StoreConnector(factory, redisClientResources.eventBus(), RedisConnection.dataNodes(url), breaker, timeout,
                properties.startupWait());
    }
}
