package io.portcullis.policy.parse;

import java.nio.file.Path;

/** The policy directory does not exist; the message names the absolute path that was looked in. */
public final class PolicyDirectoryMissingException extends RuntimeException {

    public PolicyDirectoryMissingException(Path directory) {
        super("policy directory " + directory.toAbsolutePath().normalize()
                + " does not exist (set PORTCULLIS_POLICY_DIR or --portcullis.policy.dir)", null, false, false);
    }
}
