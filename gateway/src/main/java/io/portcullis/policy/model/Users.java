package io.portcullis.policy.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The users and API keys of users.yaml, indexed for per-request look-ups. */
public final class Users {

    public static final Users NONE = new Users(List.of(), List.of());

    private final Map<String, User> byUsername = new LinkedHashMap<>();
    private final Map<String, User> byId = new LinkedHashMap<>();
    private final List<ApiKey> apiKeys;

    public Users(List<User> users, List<ApiKey> apiKeys) {
        for (User user : users) {
            byUsername.put(user.username(), user);
            byId.put(user.id(), user);
        }
        this.apiKeys = List.copyOf(apiKeys);
    }

    public Optional<User> byUsername(String username) {
        return Optional.ofNullable(byUsername.get(username));
    }

    public Optional<User> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<User> all() {
        return List.copyOf(byUsername.values());
    }

    public List<ApiKey> apiKeys() {
        return apiKeys;
    }
}
