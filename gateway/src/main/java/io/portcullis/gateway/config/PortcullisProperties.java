package io.portcullis.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Process settings only, never policy. {@code PORTCULLIS_POLICY_DIR} binds to {@code portcullis.policy.dir},
 * {@code PORTCULLIS_JWT_SECRET} to {@code portcullis.jwt.secret}, {@code PORTCULLIS_JWT_KEYS_DIR} to
 * {@code portcullis.jwt.keys.dir}.
 */
@ConfigurationProperties("portcullis")
public record PortcullisProperties(Policy policy, Jwt jwt) {

    public PortcullisProperties {
        policy = policy == null ? new Policy("./policy") : policy;
        jwt = jwt == null ? new Jwt(null, null) : jwt;
    }

    public record Policy(String dir) {
        public Policy {
            dir = dir == null || dir.isBlank() ? "./policy" : dir;
        }
    }

    public record Jwt(String secret, Keys keys) {
        @Override
        public String toString() {
            return "Jwt[secret=" + (secret == null ? "unset" : "(set)") + ", keys=" + keys + "]";
        }
    }

    public record Keys(String dir) {
    }
}
