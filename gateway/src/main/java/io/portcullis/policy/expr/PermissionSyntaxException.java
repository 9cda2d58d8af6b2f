package io.portcullis.policy.expr;

/** A permission expression that does not parse; {@code column} is 1-based within the expression text. */
public final class PermissionSyntaxException extends Exception {

    private final int column;

    public PermissionSyntaxException(int column, String message) {
        super(message, null, false, false);
        this.column = column;
    }

    public int column() {
        return column;
    }
}
