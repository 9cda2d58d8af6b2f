package io.portcullis.gateway.authn;

import io.portcullis.gateway.users.UserStores;
import io.portcullis.gateway.web.ApiError;
import io.portcullis.gateway.web.ApiErrorException;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Identity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** {@code Authorization: Basic base64(user:password)} against users.yaml: DRF's BasicAuthentication. */
public final class BasicAuthenticator implements Authenticator {

    public static final String SCHEME = "basic";

    private final Passwords passwords;
    private final UserStores users;

    public BasicAuthenticator(Passwords passwords, UserStores users) {
        this.passwords = passwords;
        this.users = users;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String challenge() {
        return "Basic realm=\"api\"";
    }

    /** Malformed base64, non-UTF-8 or a missing ':' is this scheme's own malformed credential: 401, not "not mine". */
    @Override
    public Optional<Credential> read(ServerHttpRequest request) {
        return AuthorizationHeader.value(request, "Basic").map(encoded -> {
            String decoded;
            try {
                byte[] bytes = Base64.getDecoder().decode(encoded);
                decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (IllegalArgumentException | CharacterCodingException e) {
                throw malformed();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw malformed();
            }
            return new Credential(SCHEME, decoded.substring(0, colon), decoded.substring(colon + 1), transport(request));
        });
    }

    /** TLS to this gateway, TLS to a proxy in front that says so, or plain HTTP. */
    static Credential.Transport transport(ServerHttpRequest request) {
        if (request.getSslInfo() != null) {
            return Credential.Transport.TLS;
        }
        List<String> proto = request.getHeaders().getValuesAsList("X-Forwarded-Proto");
        // The nearest proxy's word is the last one; it counts only when num_proxies trusts a proxy (checked in verify).
        return !proto.isEmpty() && proto.get(proto.size() - 1).strip().equalsIgnoreCase("https")
                ? Credential.Transport.PROXY_TLS : Credential.Transport.PLAIN;
    }

    @Override
    public Mono<Identity> verify(Credential credential, PolicySnapshot snapshot) {
        boolean secure = credential.transport() == Credential.Transport.TLS
                || (credential.transport() == Credential.Transport.PROXY_TLS && snapshot.policy().numProxies() > 0);
        if (!secure && !snapshot.policy().allowInsecureBasic()) {
            // The password already crossed the network in clear; refusing it tells the client to fix that, loudly.
            return Mono.error(new ApiErrorException(ApiError.authenticationFailed(
                    "Basic authentication is only accepted over HTTPS.", null, "basic_insecure_transport")));
        }
        return passwords.check(users.of(snapshot), credential.principal(), credential.secret())
                .map(user -> Identity.of(user, SCHEME))
                .switchIfEmpty(Mono.error(() -> new ApiErrorException(
                        ApiError.authenticationFailed("Invalid username/password.", null, "basic_bad_credentials"))));
    }

    private static ApiErrorException malformed() {
        return new ApiErrorException(ApiError.authenticationFailed(
                "Invalid basic header. Credentials not correctly base64 encoded.", null, "basic_malformed"));
    }
}
