package io.portcullis.gateway.conformance;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * conformance/departures.yaml: the deliberate departures (ids a case may name) and the comparison rules, each with
 * what differs and why. Every entry must say both.
 */
record Departures(Set<String> departures, Set<String> rules) {

    static Departures load(Path file) throws IOException {
        Map<String, Object> root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        return new Departures(ids(root, "departures"), ids(root, "rules"));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> ids(Map<String, Object> root, String section) {
        Map<String, Object> entries = (Map<String, Object>) root.get(section);
        entries.forEach((id, entry) -> {
            Map<String, Object> fields = (Map<String, Object>) entry;
            if (!(fields.get("what") instanceof String) || !(fields.get("why") instanceof String)) {
                throw new IllegalArgumentException(section + "." + id + " needs 'what' and 'why'");
            }
        });
        return Set.copyOf(entries.keySet());
    }
}
