package io.portcullis.policy.expr;

import io.portcullis.policy.model.Identity;

import java.util.Map;

/** What a permission may look at: the method, the matched path variables and who is asking. */
public record RequestFacts(String method, Map<String, String> pathVariables, Identity identity) {

    public RequestFacts {
        pathVariables = Map.copyOf(pathVariables);
    }

    /** GET, HEAD and OPTIONS: DRF's SAFE_METHODS. */
    public boolean safeMethod() {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
