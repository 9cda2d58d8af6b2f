package io.portcullis.gateway.support;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A private Redis that speaks TLS only (no plain-text port), with a throwaway self-signed certificate for 127.0.0.1 and
 * localhost, and one Redis 6 ACL user: the default user is off, so nothing without that user's password gets in.
 * {@link #close()} kills it and deletes its files.
 */
public final class RedisTlsHarness implements AutoCloseable {

    public static final String USER = "portcullis";

    private final RedisProcess server;
    private final SelfSignedTls tls;
    private final String password;

    private RedisTlsHarness(RedisProcess server, SelfSignedTls tls, String password) {
        this.server = server;
        this.tls = tls;
        this.password = password;
    }

    public static RedisTlsHarness start() {
        SelfSignedTls tls = SelfSignedTls.create();
        String password = UUID.randomUUID().toString();
        int port = FreePort.find();
        RedisProcess server = RedisProcess.start(port, null, List.of("--port", "0", "--tls-port", Integer.toString(port),
                "--tls-cert-file", tls.certificate().toString(), "--tls-key-file", tls.privateKey().toString(),
                "--tls-ca-cert-file", tls.certificate().toString(), "--tls-auth-clients", "no",
                "--user", "default", "off",
                "--user", USER, "on", ">" + password, "~*", "&*", "+@all"));
        return new RedisTlsHarness(server, tls, password);
    }

    /** {@code rediss://} with the ACL user's credentials. */
    public String url() {
        return "rediss://" + USER + ":" + password + "@127.0.0.1:" + server.port() + "/0";
    }

    /** The same server with a wrong password. */
    public String urlWithWrongPassword() {
        return "rediss://" + USER + ":not-" + password + "@127.0.0.1:" + server.port() + "/0";
    }

    /** The PEM file to trust ({@code PORTCULLIS_REDIS_CA_FILE}). */
    public Path caFile() {
        return tls.certificate();
    }

    @Override
    public void close() {
        server.close();
    }
}
