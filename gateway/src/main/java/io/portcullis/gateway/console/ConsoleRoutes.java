package io.portcullis.gateway.console;

import io.portcullis.gateway.reload.PolicyHolder;
import io.portcullis.gateway.reload.PolicyWatcher;
import io.portcullis.gateway.reload.ReloadStatus;
import io.portcullis.gateway.reload.SigningKeysWatcher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * The ops console at {@code /console/}, on the management server only: registered as a child management context
 * configuration (META-INF/spring/...ManagementContextConfiguration.imports), so it exists only when the management
 * port differs from the public one, and never on the public port. The page and its assets come from the jar
 * ({@code classpath:console/}); nothing is fetched from elsewhere, so it works offline.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(ManagementChildContext.class)
public class ConsoleRoutes {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @Bean
    RouterFunction<ServerResponse> consoleRouter(PolicyHolder holder, PolicyWatcher policyWatcher,
                                                 ObjectProvider<SigningKeysWatcher> signingKeysWatcher,
                                                 TrafficHistory traffic,
                                                 @Value("${portcullis.console.hosts:}") Set<String> hosts) {
        Map<String, Supplier<ReloadStatus>> sources = new LinkedHashMap<>();
        sources.put("policy", policyWatcher::status);
        signingKeysWatcher.ifAvailable(watcher -> sources.put("signingKeys", watcher::status));
        ConsoleApi api = new ConsoleApi(holder, sources, traffic);
        ConsoleHosts allowedHosts = new ConsoleHosts(hosts);
        ClassPathResource page = new ClassPathResource("console/index.html");
        return RouterFunctions.route()
                .GET("/console", request -> ServerResponse.permanentRedirect(URI.create("/console/")).build())
                .GET("/console/", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page))
                .GET("/console/api/policy", api::policy)
                .GET("/console/api/reload", api::reload)
                .GET("/console/api/traffic", api::traffic)
                .GET("/console/api/explain", api::explain)
                .add(RouterFunctions.resources("/console/**", new ClassPathResource("console/")))
                .filter((request, next) -> {
                    if (!allowedHosts.allowed(request.uri().getHost())) {
                        return ServerResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("detail", "The console answers only to localhost, IP addresses and portcullis.console.hosts."));
                    }
                    HttpHeaders headers = request.exchange().getResponse().getHeaders();
                    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                    headers.set("X-Content-Type-Options", "nosniff");
                    headers.set("Referrer-Policy", "no-referrer");
                    return next.handle(request);
                })
                .build();
    }
}
