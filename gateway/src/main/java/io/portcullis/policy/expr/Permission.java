package io.portcullis.policy.expr;

import java.util.List;

/**
 * A DRF permission: answers whether a request may proceed. Atoms are records, so two expressions that parse the same
 * are equal. {@link And} and {@link Or} short-circuit left to right.
 */
public sealed interface Permission {

    /** True when the request described by {@code facts} is allowed. Never throws. */
    boolean grants(RequestFacts facts);

    record AllowAny() implements Permission {
        public boolean grants(RequestFacts facts) {
            return true;
        }
    }

    record DenyAll() implements Permission {
        public boolean grants(RequestFacts facts) {
            return false;
        }
    }

    record IsAuthenticated() implements Permission {
        public boolean grants(RequestFacts facts) {
            return facts.identity().authenticated();
        }
    }

    /** DRF's IsAdminUser: {@code admin: true} in users.yaml (Django's is_staff). */
    record IsAdminUser() implements Permission {
        public boolean grants(RequestFacts facts) {
            return facts.identity().authenticated() && facts.identity().admin();
        }
    }

    record IsAuthenticatedOrReadOnly() implements Permission {
        public boolean grants(RequestFacts facts) {
            return facts.safeMethod() || facts.identity().authenticated();
        }
    }

    record ReadOnly() implements Permission {
        public boolean grants(RequestFacts facts) {
            return facts.safeMethod();
        }
    }

    record HasRole(String role) implements Permission {
        public boolean grants(RequestFacts facts) {
            return facts.identity().hasRole(role);
        }
    }

    record HasAnyRole(List<String> roles) implements Permission {
        public HasAnyRole {
            roles = List.copyOf(roles);
        }

        public boolean grants(RequestFacts facts) {
            return roles.stream().anyMatch(facts.identity()::hasRole);
        }
    }

    /** The path variable {@code variable} equals the user's id; an anonymous request never owns anything. */
    record IsOwner(String variable) implements Permission {
        public boolean grants(RequestFacts facts) {
            String value = facts.pathVariables().get(variable);
            return facts.identity().authenticated() && value != null && value.equals(facts.identity().userId());
        }
    }

    record And(Permission left, Permission right) implements Permission {
        public boolean grants(RequestFacts facts) {
            return left.grants(facts) && right.grants(facts);
        }
    }

    record Or(Permission left, Permission right) implements Permission {
        public boolean grants(RequestFacts facts) {
            return left.grants(facts) || right.grants(facts);
        }
    }

    record Not(Permission operand) implements Permission {
        public boolean grants(RequestFacts facts) {
            return !operand.grants(facts);
        }
    }
}
