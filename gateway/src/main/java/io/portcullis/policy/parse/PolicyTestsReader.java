package io.portcullis.policy.parse;

import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads policy.tests.yaml (DESIGN.md "Ops CLI", {@code test}): a list of cases, validated with positions. */
public final class PolicyTestsReader {

    private static final Set<String> CASE_KEYS = Set.of("name", "request", "as", "expect");

    private PolicyTestsReader() {
    }

    public static List<PolicyTestCase> read(String file, String text, List<Problem> problems) {
        YamlFile yaml = new YamlFile(file, problems);
        List<PolicyTestCase> cases = new ArrayList<>();
        yaml.root(text).ifPresent(root -> {
            Map<String, Node> top = yaml.mapping(root, file, Set.of("cases"));
            Node list = yaml.required(top, "cases", root, file);
            for (Node item : list == null ? List.<Node>of() : yaml.sequence(list, "cases")) {
                readCase(yaml, item).ifPresent(cases::add);
            }
        });
        return cases;
    }

    private static Optional<PolicyTestCase> readCase(YamlFile yaml, Node node) {
        Map<String, Node> values = yaml.mapping(node, "case", CASE_KEYS);
        Node nameNode = yaml.required(values, "name", node, "case");
        Node requestNode = yaml.required(values, "request", node, "case");
        Node expectNode = yaml.required(values, "expect", node, "case");
        String name = nameNode == null ? null : yaml.string(nameNode, "name");
        String request = requestNode == null ? null : yaml.string(requestNode, "request");
        String as = values.containsKey("as") ? yaml.string(values.get("as"), "as") : "anonymous";
        Integer expect = expectNode == null ? null : yaml.nonNegativeInt(expectNode, "expect");
        String[] parts = request == null ? new String[0] : request.strip().split("\\s+");
        if (request != null && parts.length != 2) {
            yaml.problem(requestNode, "request must be 'METHOD /path', as GET /api/posts/");
            return Optional.empty();
        }
        if (expect != null && (expect < 100 || expect > 599)) {
            yaml.problem(expectNode, "expect must be an HTTP status, as 200 (forwarded), 401, 403 or 404");
            return Optional.empty();
        }
        if (name == null || request == null || as == null || expect == null) {
            return Optional.empty();
        }
        Optional<String> user = as.equals("anonymous") ? Optional.empty() : Optional.of(as);
        return Optional.of(new PolicyTestCase(name, parts[0], parts[1], user, expect, node.getStartMark().getLine() + 1));
    }
}
