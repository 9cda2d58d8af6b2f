package io.portcullis.policy.model;

/** One users.yaml {@code api_keys} entry: only the SHA-256 of the key is kept (lower-case hex). */
public record ApiKey(String name, String user, String keySha256) {

    @Override
    public String toString() {
        return "ApiKey[name=" + name + ", user=" + user + "]";
    }
}
