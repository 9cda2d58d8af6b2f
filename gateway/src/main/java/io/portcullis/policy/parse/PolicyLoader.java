package io.portcullis.policy.parse;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.Users;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Loads a policy directory (policy.yaml and users.yaml) into a snapshot, all or nothing. Blocking file I/O. */
public final class PolicyLoader {

    public static final String POLICY_FILE = "policy.yaml";
    public static final String USERS_FILE = "users.yaml";

    private PolicyLoader() {
    }

    /**
     * @throws PolicyDirectoryMissingException when {@code directory} is not a directory
     * @throws InvalidPolicyException with every problem of both files
     */
    public static PolicySnapshot load(Path directory) throws InvalidPolicyException {
        return load(directory, EnvironmentVariables.SYSTEM);
    }

    /**
     * {@link #load(Path)} with environment variables (the issuers' {@code secret_env}, {@code users.database_url_env})
     * looked up in {@code env}.
     */
    public static PolicySnapshot load(Path directory, EnvironmentVariables env) throws InvalidPolicyException {
        if (!Files.isDirectory(directory)) {
            throw new PolicyDirectoryMissingException(directory);
        }
        List<Problem> problems = new ArrayList<>();
        Optional<Policy> policy = read(directory.resolve(POLICY_FILE), problems)
                .flatMap(text -> PolicyReader.read(POLICY_FILE, text, problems, env));
        Optional<Users> users = read(directory.resolve(USERS_FILE), problems)
                .flatMap(text -> UsersReader.read(USERS_FILE, text, problems, policy.map(p -> p.users().sql()).orElse(false)));
        if (!problems.isEmpty() || policy.isEmpty() || users.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        return PolicySnapshot.of(policy.get(), users.get());
    }

    private static Optional<String> read(Path file, List<Problem> problems) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (NoSuchFileException e) {
            problems.add(new Problem(file.getFileName().toString(), 1, 1, "file not found in " + file.getParent()));
        } catch (CharacterCodingException e) {
            problems.add(new Problem(file.getFileName().toString(), 1, 1, "file is not UTF-8 text"));
        } catch (IOException e) {
            problems.add(new Problem(file.getFileName().toString(), 1, 1, "cannot read file: " + e.getClass().getSimpleName()));
        }
        return Optional.empty();
    }
}
