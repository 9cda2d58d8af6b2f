package io.portcullis.gateway.console;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches only inside the management server's child context. {@link ConsoleRoutes} sits in the application's
 * component-scanned packages; without this, the scan would also load it into the public server's context.
 */
final class ManagementChildContext implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return context.getBeanFactory() != null && context.getBeanFactory().getParentBeanFactory() != null;
    }
}
