package io.portcullis.gateway.conformance;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of conformance/cases.yaml: a request sent alike to the DRF reference and to Portcullis (the file's header
 * describes each key). {@code pinned} is what Portcullis must answer where the case is a listed departure.
 */
record ConformanceCase(String name, String method, String path, Map<String, Object> headers, boolean hasJson,
                       Object json, String form, String body, String contentType, String client, String save,
                       int repeat, String departure, Map<String, Object> pinned) {

    private static final Set<String> KEYS = Set.of("name", "request", "headers", "json", "form", "body",
            "content_type", "client", "save", "repeat", "departure", "portcullis");

    static List<ConformanceCase> load(Path file) throws IOException {
        Map<String, Object> root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        List<ConformanceCase> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object entry : (List<?>) root.get("cases")) {
            ConformanceCase parsed = parse(map(entry));
            if (!names.add(parsed.name())) {
                throw new IllegalArgumentException("case name used twice: " + parsed.name());
            }
            cases.add(parsed);
        }
        return cases;
    }

    private static ConformanceCase parse(Map<String, Object> entry) {
        Object name = entry.get("name");
        for (String key : entry.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("case '" + name + "': unknown key '" + key + "'");
            }
        }
        String[] request = ((String) entry.get("request")).split(" ", 2);
        Map<String, Object> headers = entry.containsKey("headers") ? map(entry.get("headers")) : Map.of();
        Map<String, Object> pinned = entry.containsKey("portcullis") ? map(entry.get("portcullis")) : Map.of();
        if (name == null || request.length != 2) {
            throw new IllegalArgumentException("a case needs a name and a request 'METHOD /path': " + entry);
        }
        if (!pinned.isEmpty() && !entry.containsKey("departure")) {
            throw new IllegalArgumentException("case '" + name + "': 'portcullis' pins a departure's answer only");
        }
        return new ConformanceCase((String) name, request[0], request[1], headers, entry.containsKey("json"),
                entry.get("json"), (String) entry.get("form"), (String) entry.get("body"),
                (String) entry.get("content_type"), (String) entry.get("client"), (String) entry.get("save"),
                entry.containsKey("repeat") ? (Integer) entry.get("repeat") : 1, (String) entry.get("departure"), pinned);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return new LinkedHashMap<>((Map<String, Object>) value);
    }
}
