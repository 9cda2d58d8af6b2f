package io.portcullis.policy.match;

import io.portcullis.policy.model.Route;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Routes compiled to Spring {@link PathPattern}s once, matched in file order: the first route with a matching path
 * wins. Matching is case-sensitive, as the policy is written. Paths must already be normalised by {@link RequestPaths}.
 */
public final class RouteTable {

    private record Entry(Route route, PathPattern pattern) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public RouteTable(List<Route> routes) {
        PathPatternParser parser = new PathPatternParser();
        parser.setCaseSensitive(true);
        for (Route route : routes) {
            for (String path : route.paths()) {
                entries.add(new Entry(route, parser.parse(path)));
            }
        }
    }

    public Optional<RouteMatch> match(String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Entry entry : entries) {
            PathPattern.PathMatchInfo info = entry.pattern().matchAndExtract(container);
            if (info != null) {
                return Optional.of(new RouteMatch(entry.route(), info.getUriVariables()));
            }
        }
        return Optional.empty();
    }
}
