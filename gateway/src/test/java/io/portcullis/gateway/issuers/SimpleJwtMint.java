package io.portcullis.gateway.issuers;

import io.portcullis.gateway.support.DjangoInstall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tokens minted by the real SimpleJWT (Debian's python3-djangorestframework-simplejwt under /usr/bin/python3, installed
 * by bin/install-drf when missing), configured as a Django app configures it: test resource simplejwt/mint.py sets
 * SIMPLE_JWT and calls {@code AccessToken.for_user} or {@code RefreshToken.for_user}.
 */
final class SimpleJwtMint {

    private static final Path REPOSITORY = DjangoInstall.repository();
    private static final Path SCRIPT = REPOSITORY.resolve("gateway/src/test/resources/simplejwt/mint.py");

    private final String signingKey;
    private final String userIdClaim;
    private final String issuer;

    /** {@code userIdClaim} and {@code issuer} null: SimpleJWT's defaults ({@code user_id}, no iss). */
    SimpleJwtMint(String signingKey, String userIdClaim, String issuer) {
        this.signingKey = signingKey;
        this.userIdClaim = userIdClaim;
        this.issuer = issuer;
    }

    static void install() throws IOException, InterruptedException {
        DjangoInstall.ensure(REPOSITORY, REPOSITORY.resolve("gateway/target/simplejwt"));
    }

    String access(String userId) {
        return mint("access", userId);
    }

    String refresh(String userId) {
        return mint("refresh", userId);
    }

    private String mint(String kind, String userId) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString(), kind, userId));
        if (userIdClaim != null) {
            command.add(userIdClaim);
            if (issuer != null) {
                command.add(issuer);
            }
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("SIMPLEJWT_SIGNING_KEY", signingKey);
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("SimpleJWT could not mint a token: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
