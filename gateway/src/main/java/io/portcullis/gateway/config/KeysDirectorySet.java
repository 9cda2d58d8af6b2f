package io.portcullis.gateway.config;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** {@code PORTCULLIS_JWT_KEYS_DIR} ({@code portcullis.jwt.keys.dir}) is set and not blank, as JwtKeySettings reads it. */
final class KeysDirectorySet implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return Binder.get(context.getEnvironment()).bind("portcullis.jwt.keys.dir", String.class)
                .map(dir -> !dir.isBlank()).orElse(false);
    }
}
