package io.portcullis.policy.match;

import io.portcullis.policy.expr.Permission;
import io.portcullis.policy.expr.Permission.And;
import io.portcullis.policy.expr.Permission.IsOwner;
import io.portcullis.policy.expr.Permission.Not;
import io.portcullis.policy.expr.Permission.Or;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The variable names a path pattern declares, and those an expression's IsOwner atoms need. */
public final class PathVariables {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(?::[^}]*)?}");

    private PathVariables() {
    }

    /** {@code /api/users/{id}/**} → {@code [id]}; {@code {*rest}} and {@code {name:regex}} count too. */
    public static Set<String> names(String pattern) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = VARIABLE.matcher(pattern);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    public static Set<String> ownerVariables(Permission permission) {
        Set<String> variables = new LinkedHashSet<>();
        collect(permission, variables);
        return variables;
    }

    private static void collect(Permission permission, Set<String> variables) {
        if (permission instanceof IsOwner owner) {
            variables.add(owner.variable());
        } else if (permission instanceof And and) {
            collect(and.left(), variables);
            collect(and.right(), variables);
        } else if (permission instanceof Or or) {
            collect(or.left(), variables);
            collect(or.right(), variables);
        } else if (permission instanceof Not not) {
            collect(not.operand(), variables);
        }
    }
}
