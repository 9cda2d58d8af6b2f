package io.portcullis.gateway.reload;

import io.portcullis.policy.PolicySnapshot;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** The snapshot new requests are decided with, swapped atomically; a request reads it once and keeps it. */
public final class PolicyHolder {

    private final AtomicReference<PolicySnapshot> current;

    public PolicyHolder(PolicySnapshot initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial));
    }

    public PolicySnapshot current() {
        return current.get();
    }

    public void swap(PolicySnapshot next) {
        current.set(Objects.requireNonNull(next));
    }
}
