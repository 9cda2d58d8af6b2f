package io.portcullis.policy.match;

import io.portcullis.policy.model.Route;

import java.util.Map;

/** The route a path matched, with the path variables the matching pattern extracted (decoded). */
public record RouteMatch(Route route, Map<String, String> variables) {

    public RouteMatch {
        variables = Map.copyOf(variables);
    }
}
