package io.portcullis.policy.parse;

import java.util.Optional;

/** One ops-written decision case of policy.tests.yaml; {@code user} empty means anonymous. */
public record PolicyTestCase(String name, String method, String path, Optional<String> user, int expect, int line) {
}
