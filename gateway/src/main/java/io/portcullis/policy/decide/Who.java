package io.portcullis.policy.decide;

import io.portcullis.policy.model.Identity;

/** Who a request acts as, as {@link Explainer} finds it: an identity, or the answer that stops the request (401, 503). */
public sealed interface Who {

    record Accepted(Identity identity) implements Who {
    }

    /** {@code reason}: the stable id the gateway logs for this refusal; {@code status} 0 when it cannot be told offline. */
    record Refused(int status, String reason) implements Who {
    }
}
