package io.portcullis.policy.parse;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown once with every problem found; nothing of a policy that throws this is ever applied. */
public final class InvalidPolicyException extends Exception {

    private final List<Problem> problems;

    public InvalidPolicyException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
