package io.portcullis.gateway.authn;

import io.portcullis.gateway.tokens.OpaqueKeys;
import io.portcullis.gateway.users.UserStores;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.ApiKey;
import io.portcullis.policy.model.Identity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/** {@code X-API-Key: <key>} against users.yaml {@code api_keys}: SHA-256, compared in constant time. */
public final class ApiKeyAuthenticator implements Authenticator {

    public static final String SCHEME = "api_key";
    public static final String HEADER = "X-API-Key";
    private static final int MAX_KEY_LENGTH = 512;

    private final UserStores users;

    public ApiKeyAuthenticator(UserStores users) {
        this.users = users;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    /** API keys have no HTTP authentication scheme to challenge with. */
    @Override
    public String challenge() {
        return null;
    }

    @Override
    public Optional<Credential> read(ServerHttpRequest request) {
        List<String> values = request.getHeaders().getValuesAsList(HEADER);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String key = values.get(0).strip();
        if (values.size() > 1 || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw invalid("api_key_malformed");
        }
        return Optional.of(new Credential(SCHEME, null, key));
    }

    @Override
    public Mono<Identity> verify(Credential credential, PolicySnapshot snapshot) {
        // api_keys stay in users.yaml whatever the user source; the user they act as is looked up in that source
        return Mono.fromCallable(() -> {
            byte[] presented = OpaqueKeys.sha256(credential.secret()).getBytes(StandardCharsets.US_ASCII);
            ApiKey found = null;
            // Every stored hash is compared, match or not, so timing says nothing about which key came close.
            for (ApiKey key : snapshot.users().apiKeys()) {
                if (MessageDigest.isEqual(presented, key.keySha256().getBytes(StandardCharsets.US_ASCII)) && found == null) {
                    found = key;
                }
            }
            if (found == null) {
                throw invalid("api_key_unknown");
            }
            return found.user();
        }).flatMap(username -> users.of(snapshot).byUsername(username))
                .switchIfEmpty(Mono.error(() -> invalid("api_key_user_unknown")))
                .map(user -> Identity.of(UserChecks.requireActive(user), SCHEME));
    }

    private static ApiErrorException invalid(String reason) {
        return new ApiErrorException(ApiError.authenticationFailed("Invalid API key.", null, reason));
    }
}
