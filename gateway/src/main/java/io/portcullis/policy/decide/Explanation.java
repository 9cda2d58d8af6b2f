package io.portcullis.policy.decide;

import java.util.List;

/**
 * Why the gateway would answer a request as it does: the status ({@code 200} = forwarded upstream), a stable reason
 * id, the matched route (or null) and one line per step consulted.
 */
public record Explanation(int status, String reason, String routeId, List<String> steps) {

    public Explanation {
        steps = List.copyOf(steps);
    }
}
