package io.portcullis.gateway.cli;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.decide.Explainer;
import io.portcullis.policy.decide.Explanation;
import io.portcullis.policy.parse.PolicyTestCase;
import io.portcullis.policy.parse.PolicyTestsReader;
import io.portcullis.policy.parse.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code test [FILE]}: runs ops-written decision cases; one line per failure, then {@code N passed, N failed}. */
@Command(name = "test", description = "Run the policy's decision cases (default: policy.tests.yaml in the policy directory).")
final class TestCommand implements Callable<Integer> {

    static final String DEFAULT_FILE = "policy.tests.yaml";

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The cases file.")
    private Path file;

    @Option(names = "--policy-dir", description = "Policy directory (default: $PORTCULLIS_POLICY_DIR, else ./policy).")
    private Path policyDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<PolicySnapshot> snapshot = PolicyDirectory.load(policyDir, err);
        if (snapshot.isEmpty()) {
            return 1;
        }
        Path cases = file != null ? file : PolicyDirectory.resolve(policyDir).resolve(DEFAULT_FILE);
        List<Problem> problems = new ArrayList<>();
        List<PolicyTestCase> read;
        try {
            read = PolicyTestsReader.read(cases.getFileName().toString(), Files.readString(cases), problems);
        } catch (IOException e) {
            err.println("cannot read " + cases + ": " + e.getClass().getSimpleName());
            err.flush();
            return 1;
        }
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            err.flush();
            return 1;
        }
        int failed = 0;
        for (PolicyTestCase testCase : read) {
            Explanation explanation = Explainer.explain(snapshot.get(), testCase.method(), testCase.path(), testCase.user());
            if (explanation.status() != testCase.expect()) {
                failed++;
                out.println("FAIL " + cases.getFileName() + ":" + testCase.line() + " " + testCase.name() + ": "
                        + testCase.method() + " " + testCase.path() + " as " + testCase.user().orElse("anonymous")
                        + ": expected " + testCase.expect() + ", got " + explanation.status() + " (" + explanation.reason() + ")");
            }
        }
        out.println((read.size() - failed) + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
