package io.portcullis.policy.expr;

import io.portcullis.policy.expr.Permission.And;
import io.portcullis.policy.expr.Permission.HasAnyRole;
import io.portcullis.policy.expr.Permission.HasRole;
import io.portcullis.policy.expr.Permission.IsOwner;
import io.portcullis.policy.expr.Permission.Not;
import io.portcullis.policy.expr.Permission.Or;

/**
 * Prints an expression in the syntax {@link PermissionParser} reads, with the fewest parentheses that keep its shape:
 * {@code parse(print(p)).equals(p)} for every {@code p}.
 */
public final class PermissionPrinter {

    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;

    private PermissionPrinter() {
    }

    public static String print(Permission permission) {
        // Both operators are parsed left-associative, so a right operand of equal precedence needs parentheses.
        if (permission instanceof Or or) {
            return operand(or.left(), OR, false) + " | " + operand(or.right(), OR, true);
        }
        if (permission instanceof And and) {
            return operand(and.left(), AND, false) + " & " + operand(and.right(), AND, true);
        }
        if (permission instanceof Not not) {
            return "~" + operand(not.operand(), NOT, false);
        }
        if (permission instanceof HasRole hasRole) {
            return "HasRole(" + hasRole.role() + ")";
        }
        if (permission instanceof HasAnyRole hasAnyRole) {
            return "HasAnyRole(" + String.join(", ", hasAnyRole.roles()) + ")";
        }
        if (permission instanceof IsOwner isOwner) {
            return "IsOwner(" + isOwner.variable() + ")";
        }
        return permission.getClass().getSimpleName();
    }

    private static String operand(Permission operand, int parentPrecedence, boolean right) {
        int precedence = precedence(operand);
        boolean parenthesize = precedence < parentPrecedence || (right && precedence == parentPrecedence);
        String text = print(operand);
        return parenthesize ? "(" + text + ")" : text;
    }

    private static int precedence(Permission permission) {
        if (permission instanceof Or) {
            return OR;
        }
        if (permission instanceof And) {
            return AND;
        }
        return permission instanceof Not ? NOT : Integer.MAX_VALUE;
    }
}
