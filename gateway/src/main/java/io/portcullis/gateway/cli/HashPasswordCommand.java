package io.portcullis.gateway.cli;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code hash-password}: reads one line from standard input (the password, without its line end) and prints the
 * {@code {bcrypt}} value for a users.yaml {@code password:}. The password is never printed or logged.
 */
@Command(name = "hash-password",
        description = "Read a password (one line) from standard input and print its {bcrypt} hash for users.yaml.")
final class HashPasswordCommand implements Callable<Integer> {

    /**
     * Spring Security's default cost, which is also the cost of the dummy hash unknown users are checked against
     * ({@code Passwords}): with one cost for both, a failed login takes the same time whether the user exists or not.
     */
    static final int BCRYPT_STRENGTH = 10;
    /** bcrypt reads only the first 72 bytes; a longer password would be silently cut (Spring refuses it). */
    static final int MAX_PASSWORD_BYTES = 72;

    @Spec
    private CommandSpec spec;

    private final InputStream in;

    HashPasswordCommand() {
        this(System.in);
    }

    HashPasswordCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            err.println("no password on standard input; give it as one line, e.g. "
                    + "read -rs P && printf '%s' \"$P\" | java -jar portcullis.jar hash-password");
            err.flush();
            return 1;
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            err.println("the password is longer than " + MAX_PASSWORD_BYTES + " bytes, all bcrypt can use");
            err.flush();
            return 1;
        }
        out.println("{bcrypt}" + new BCryptPasswordEncoder(BCRYPT_STRENGTH).encode(password));
        out.flush();
        return 0;
    }
}
