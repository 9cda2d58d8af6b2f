package io.portcullis.deploy;

import io.portcullis.gateway.support.GatewayInstance;
import io.portcullis.gateway.support.RedisHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Every health path a deployment file probes (Kubernetes probes, compose healthchecks, HAProxy's check) answers 200
 * on a real gateway's management port, started with the Kubernetes manifest's management address, the example
 * ConfigMap's policy and a Redis.
 */
class DeployProbesIntegrationTest {

    private static final Pattern HEALTH_PATH = Pattern.compile("(/actuator/health[\\w/-]*)");
    private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path policy;

    static GatewayInstance gateway;

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(policy.resolve("policy.yaml"),
                (String) KubernetesManifestsTest.at(KubernetesManifestsTest.ofKind("ConfigMap"), "data").get("policy.yaml"));
        Files.copy(Path.of("../policy/users.yaml"), policy.resolve("users.yaml"));
        gateway = GatewayInstance.start("--portcullis.policy.dir=" + policy,
                "--management.server.address=" + KubernetesManifestsTest.env("MANAGEMENT_SERVER_ADDRESS").get("value"),
                "--redis.url=" + RedisHarness.shared().url(), "--portcullis.store.key-prefix=" + RedisHarness.keyPrefix());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** The health paths named in deploy/ and docker-compose.yml. */
    private static Set<String> probedPaths() throws IOException {
        Set<String> paths = new TreeSet<>();
        for (Path file : new Path[]{Path.of("../deploy/kubernetes/deployment.yaml"), Path.of("../docker-compose.yml"),
                Path.of("../deploy/haproxy/haproxy.cfg")}) {
            Matcher matcher = HEALTH_PATH.matcher(Files.readString(file));
            while (matcher.find()) {
                paths.add(matcher.group(1));
            }
        }
        return paths;
    }

    private static HttpResponse<String> get(String host, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + gateway.managementPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyProbedHealthPathAnswers200OnTheManagementPort() throws Exception {
        Set<String> paths = probedPaths();

        assertThat(paths).contains("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness");
        for (String path : paths) {
            HttpResponse<String> response = get("127.0.0.1", path);
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void withTheManifestsAddressTheKubeletReachesTheProbesOnThePodIp() throws Exception {
        InetAddress podIp = NetworkInterface.networkInterfaces().filter(nic -> !nicIsLoopback(nic))
                .flatMap(NetworkInterface::inetAddresses).filter(Inet4Address.class::isInstance).findFirst().orElse(null);
        assumeThat(podIp).as("a non-loopback IPv4 address on this host").isNotNull();

        assertThat(get(podIp.getHostAddress(), "/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    private static boolean nicIsLoopback(NetworkInterface nic) {
        try {
            return nic.isLoopback() || !nic.isUp();
        } catch (java.net.SocketException e) {
            return true;
        }
    }
}
