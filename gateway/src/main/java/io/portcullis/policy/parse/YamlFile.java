package io.portcullis.policy.parse;

import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One YAML file read as a node tree, so every value keeps its position. Collects {@link Problem}s instead of
 * throwing: readers ask for typed values and get {@code null} or empty where a problem was recorded.
 */
final class YamlFile {

    private static final int MAX_SIZE = 1 << 20;
    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");

    /** Line breaks as SnakeYAML counts them, so that its marks index these lines (columns count code points). */
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|[\r\n\u0085\u2028\u2029]");

    private final String file;
    private final List<Problem> problems;
    /** The source, as code points per line, once {@link #root} has read it. */
    private List<int[]> lines;

    YamlFile(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The document's top-level mapping, or empty (with a problem) when the text is not one. */
    Optional<MappingNode> root(String text) {
        if (text.length() > MAX_SIZE) {
            problems.add(new Problem(file, 1, 1, "file larger than " + MAX_SIZE + " characters"));
            return Optional.empty();
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(30);
        lines = LINE_BREAK.splitAsStream(text.startsWith("\uFEFF") ? text.substring(1) : text)
                .map(line -> line.codePoints().toArray()).toList();
        Node node;
        try {
            node = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message = e.getProblem() != null ? e.getProblem() : "not valid YAML";
            problems.add(new Problem(file, mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1,
                    "YAML syntax: " + message.trim()));
            return Optional.empty();
        } catch (YAMLException | IllegalArgumentException e) {
            problems.add(new Problem(file, 1, 1, "YAML syntax: " + e.getClass().getSimpleName()));
            return Optional.empty();
        }
        if (node == null) {
            problems.add(new Problem(file, 1, 1, "file is empty"));
            return Optional.empty();
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(node, "expected a mapping of keys at the top of the file");
            return Optional.empty();
        }
        return Optional.of(mapping);
    }

    /** A problem at the start of {@code at}'s value (past its opening quote, if any). */
    void problem(Node at, String message) {
        Mark mark = at.getStartMark();
        int quote = at instanceof ScalarNode scalar && scalar.getScalarStyle() != ScalarStyle.PLAIN ? 1 : 0;
        problems.add(new Problem(file, mark.getLine() + 1, mark.getColumn() + 1 + quote, message));
    }

    /** A problem {@code offset} characters into the value of the scalar {@code at}, wherever that is in the source. */
    void problem(Node at, int offset, String message) {
        int[] position = at instanceof ScalarNode scalar ? positionInSource(scalar, offset) : null;
        if (position == null) {
            Mark mark = at.getStartMark();
            int quote = at instanceof ScalarNode scalar && scalar.getScalarStyle() != ScalarStyle.PLAIN ? 1 : 0;
            position = new int[] {mark.getLine(), mark.getColumn() + quote + offset};
        }
        problems.add(new Problem(file, position[0] + 1, position[1] + 1, message));
    }

    /**
     * The 0-based line and column in the source of the value's character at {@code offset}. A scalar's value is not
     * its source text: folding turns line breaks and indentation into single spaces, and block scalars start on the
     * line after their indicator. So the source is walked counting only non-space characters, which folding keeps.
     * Null when the source is not at hand.
     */
    private int[] positionInSource(ScalarNode scalar, int offset) {
        if (lines == null) {
            return null;
        }
        String value = scalar.getValue();
        long wanted = value.substring(0, Math.min(offset, value.length())).codePoints().filter(c -> !isSpace(c)).count();
        Mark end = scalar.getEndMark();
        int line = scalar.getStartMark().getLine();
        int column = scalar.getStartMark().getColumn();
        ScalarStyle style = scalar.getScalarStyle();
        if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
            line++;
            column = 0;
        } else if (style != ScalarStyle.PLAIN) {
            column++;
        }
        int[] after = {line, column};
        long seen = 0;
        while (line < lines.size() && (line < end.getLine() || line == end.getLine() && column < end.getColumn())) {
            int[] codePoints = lines.get(line);
            if (column >= codePoints.length) {
                line++;
                column = 0;
                continue;
            }
            if (!isSpace(codePoints[column])) {
                if (seen == wanted) {
                    return new int[] {line, column};
                }
                seen++;
                after = new int[] {line, column + 1};
            }
            column++;
        }
        return after;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * The keys and values of {@code node}, which must be a mapping ({@code what} names it in messages). Unknown keys
     * (with a suggestion), duplicate keys and non-string keys are problems and left out.
     */
    Map<String, Node> mapping(Node node, String what, Set<String> known) {
        Map<String, Node> values = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            problem(node, what + " must be a mapping of keys");
            return values;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                problem(keyNode, "keys of " + what + " must be plain names");
                continue;
            }
            String key = keyScalar.getValue();
            if (values.containsKey(key)) {
                problem(keyNode, "duplicate key '" + key + "' in " + what);
            } else if (!known.isEmpty() && !known.contains(key)) {
                problem(keyNode, "unknown key '" + key + "' in " + what + Suggestions.didYouMean(key, known));
            } else {
                values.put(key, tuple.getValueNode());
            }
        }
        return values;
    }

    /** The value of a required key, or null with a problem at {@code owner}. */
    Node required(Map<String, Node> values, String key, Node owner, String what) {
        Node value = values.get(key);
        if (value == null) {
            problem(owner, what + " is missing required key '" + key + "'");
        }
        return value;
    }

    /** A scalar's text (strings, numbers), or null with a problem for null, lists and mappings. */
    String string(Node node, String key) {
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
            return scalar.getValue();
        }
        problem(node, "'" + key + "' must be a single value");
        return null;
    }

    /** True when the node is YAML's {@code null} (or {@code ~}). */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    /**
     * A YAML boolean. SnakeYAML resolves YAML 1.1 booleans, so {@code yes}/{@code on} and {@code no}/{@code off} carry
     * the bool tag too and must be read as such ({@code Boolean.valueOf("yes")} would be false).
     */
    Boolean bool(Node node, String key) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            String value = scalar.getValue().toLowerCase(Locale.ROOT);
            if (TRUE.contains(value)) {
                return Boolean.TRUE;
            }
            if (FALSE.contains(value)) {
                return Boolean.FALSE;
            }
        }
        problem(node, "'" + key + "' must be true or false");
        return null;
    }

    Integer nonNegativeInt(Node node, String key) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)
                && scalar.getValue().matches("[0-9]{1,6}")) {
            return Integer.valueOf(scalar.getValue());
        }
        problem(node, "'" + key + "' must be a whole number from 0 to 999999");
        return null;
    }

    /** The items of a list node, or an empty list with a problem. */
    List<Node> sequence(Node node, String key) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        problem(node, "'" + key + "' must be a list, as in " + key + ": [a, b]");
        return List.of();
    }

    /** A list of scalars; items that are not scalars are problems and left out. */
    List<String> strings(Node node, String key) {
        List<String> values = new ArrayList<>();
        for (Node item : sequence(node, key)) {
            String value = string(item, key + " item");
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** How many problems were collected so far, so that a reader can tell whether one entry added any. */
    int problemCount() {
        return problems.size();
    }

    String file() {
        return file;
    }
}
