package io.portcullis.policy.parse;

/** One validation problem at a 1-based line and column of a policy file. Never carries a secret. */
public record Problem(String file, int line, int column, String message) {

    /** {@code file:line:column: message}, the form editors and CI annotate. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
