package io.portcullis.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Spring Boot application: the gateway. Started by {@link io.portcullis.Portcullis}. */
@SpringBootApplication
public class GatewayApplication {
}
