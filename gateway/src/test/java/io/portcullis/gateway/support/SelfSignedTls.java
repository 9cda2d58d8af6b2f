package io.portcullis.gateway.support;

import org.springframework.test.context.DynamicPropertyRegistry;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;

/** A throwaway self-signed certificate for localhost (made with openssl), and a client context that trusts only it. */
public final class SelfSignedTls {

    private final Path certificate;
    private final Path privateKey;

    private SelfSignedTls(Path certificate, Path privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    public static SelfSignedTls create() {
        try {
            Path dir = Files.createTempDirectory("portcullis-tls");
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            Process openssl = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")).redirectErrorStream(true).start();
            openssl.getInputStream().readAllBytes();
            if (openssl.waitFor() != 0) {
                throw new IllegalStateException("openssl could not make a test certificate");
            }
            return new SelfSignedTls(cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The certificate (PEM), which is also its own authority: a CA file that trusts only it. */
    public Path certificate() {
        return certificate;
    }

    public Path privateKey() {
        return privateKey;
    }

    /** Spring Boot's properties for a gateway serving TLS with HTTP/2 (ALPN) from this certificate. */
    public void serveHttp2(DynamicPropertyRegistry registry) {
        registry.add("server.ssl.bundle", () -> "server");
        registry.add("server.http2.enabled", () -> "true");
        registry.add("spring.ssl.bundle.pem.server.keystore.certificate", () -> "file:" + certificate);
        registry.add("spring.ssl.bundle.pem.server.keystore.private-key", () -> "file:" + privateKey);
    }

    /** An HTTP/2 client that trusts only this certificate. */
    public HttpClient http2Client() {
        return HttpClient.newBuilder().sslContext(clientContext()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(certificate)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("portcullis-test", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
