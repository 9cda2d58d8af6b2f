package io.portcullis.deploy;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.parse.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No cluster runs here: deploy/kubernetes/ is checked as Kubernetes would read it. Selectors agree, the probes ask
 * actuator endpoints on the management port the gateway is told to use (that those paths answer is
 * {@link DeployProbesIntegrationTest}), the Service never exposes that port, secrets come only from Secrets, and the
 * example policy is one the gateway accepts.
 */
class KubernetesManifestsTest {

    static final Path DIR = Path.of("../deploy/kubernetes");

    @TempDir
    Path tmp;

    /** Every document of every manifest the kustomization lists. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> manifests() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (String file : (List<String>) yaml(DIR.resolve("kustomization.yaml")).get("resources")) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            for (Object document : new Yaml(options).loadAll(Files.readString(DIR.resolve(file)))) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(options).load(Files.readString(file));
    }

    static Map<String, Object> ofKind(String kind) throws IOException {
        return manifests().stream().filter(manifest -> kind.equals(manifest.get("kind"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Map<String, Object> node, String... path) {
        Map<String, Object> current = node;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container() throws IOException {
        List<Map<String, Object>> containers = (List<Map<String, Object>>) at(ofKind("Deployment"), "spec", "template", "spec").get("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> env(String name) throws IOException {
        return ((List<Map<String, Object>>) container().get("env")).stream().filter(variable -> name.equals(variable.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no env " + name));
    }

    /** A probe's or Service's port: a container port's name or number, as its containerPort. */
    @SuppressWarnings("unchecked")
    static int containerPort(Object port) throws IOException {
        return ((List<Map<String, Object>>) container().get("ports")).stream()
                .filter(candidate -> port.equals(candidate.get("name")) || port.equals(candidate.get("containerPort")))
                .map(candidate -> (Integer) candidate.get("containerPort")).findFirst()
                .orElseThrow(() -> new AssertionError("no container port " + port));
    }

    static int managementPort() throws IOException {
        return Integer.parseInt((String) env("MANAGEMENT_SERVER_PORT").get("value"));
    }

    @Test
    void kustomizationListsEveryManifestAndEachKindOnce() throws IOException {
        List<String> files;
        try (Stream<Path> listed = Files.list(DIR)) {
            files = listed.map(file -> file.getFileName().toString()).filter(name -> !name.equals("kustomization.yaml")).toList();
        }

        assertThat(yaml(DIR.resolve("kustomization.yaml")).get("resources")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactlyInAnyOrderElementsOf(files);
        assertThat(manifests()).extracting(manifest -> manifest.get("kind"))
                .containsExactlyInAnyOrder("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ConfigMap");
    }

    @Test
    void deploymentServiceAndDisruptionBudgetSelectTheDeploymentsPods() throws IOException {
        Map<String, Object> deployment = ofKind("Deployment");
        Map<String, Object> selector = at(deployment, "spec", "selector", "matchLabels");

        assertThat(selector).isNotEmpty();
        assertThat(at(deployment, "spec", "template", "metadata", "labels")).containsAllEntriesOf(selector);
        assertThat(at(ofKind("Service"), "spec", "selector")).isEqualTo(selector);
        assertThat(at(ofKind("PodDisruptionBudget"), "spec", "selector", "matchLabels")).isEqualTo(selector);
    }

    @Test
    void autoscalerScalesTheDeploymentFromMoreThanOneReplica() throws IOException {
        Map<String, Object> hpa = ofKind("HorizontalPodAutoscaler");
        Map<String, Object> target = at(hpa, "spec", "scaleTargetRef");

        assertThat(target).containsEntry("apiVersion", "apps/v1").containsEntry("kind", "Deployment")
                .containsEntry("name", at(ofKind("Deployment"), "metadata").get("name"));
        assertThat((Integer) at(hpa, "spec").get("minReplicas")).isGreaterThan(1);
        assertThat((Integer) at(hpa, "spec").get("maxReplicas")).isGreaterThanOrEqualTo((Integer) at(hpa, "spec").get("minReplicas"));
        // a budget that allows no disruption at all would block every node drain
        assertThat(at(ofKind("PodDisruptionBudget"), "spec")).containsEntry("maxUnavailable", 1);
    }

    @Test
    void probesAskReadinessAndLivenessOnTheManagementPortReachableOnThePodIp() throws IOException {
        Map<String, Object> container = container();

        assertThat(at(container, "readinessProbe", "httpGet")).containsEntry("path", "/actuator/health/readiness");
        assertThat(at(container, "livenessProbe", "httpGet")).containsEntry("path", "/actuator/health/liveness");
        assertThat(at(container, "startupProbe", "httpGet")).containsEntry("path", "/actuator/health/liveness");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertThat(containerPort(at(container, probe, "httpGet").get("port"))).as(probe).isEqualTo(managementPort());
        }
        assertThat(env("MANAGEMENT_SERVER_ADDRESS")).containsEntry("value", "0.0.0.0");
    }

    @Test
    @SuppressWarnings("unchecked")
    void serviceExposesThePublicPortAndNeverTheManagementPort() throws IOException {
        List<Map<String, Object>> ports = (List<Map<String, Object>>) at(ofKind("Service"), "spec").get("ports");

        assertThat(ports).hasSize(1);
        assertThat(containerPort(ports.get(0).get("targetPort"))).isEqualTo(Integer.parseInt((String) env("SERVER_PORT").get("value")))
                .isNotEqualTo(managementPort());
    }

    @Test
    void redisUrlAndSigningSecretComeFromSecretsAndNoSecretIsInline() throws IOException {
        for (String name : List.of("REDIS_URL", "PORTCULLIS_JWT_SECRET")) {
            assertThat(env(name)).as(name).doesNotContainKey("value");
            assertThat(at(env(name), "valueFrom", "secretKeyRef")).as(name).containsKeys("name", "key");
        }
        assertThat(manifests()).extracting(manifest -> manifest.get("kind")).doesNotContain("Secret");
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.toList()) {
                assertThat(Files.readString(file)).as(file.toString())
                        .doesNotContainPattern("redis(s)?://[^\\s'@]*:[^\\s'@]+@(?!redis-host)")  // a password in a URL
                        .doesNotContain("{bcrypt}").doesNotContain("key_sha256").doesNotContain("BEGIN PRIVATE KEY");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void podRunsAsNonRootOnAReadOnlyRootFilesystemWithResources() throws IOException {
        Map<String, Object> pod = at(ofKind("Deployment"), "spec", "template", "spec");
        Map<String, Object> container = container();

        assertThat(at(pod, "securityContext")).containsEntry("runAsNonRoot", true);
        assertThat((Integer) at(pod, "securityContext").get("runAsUser")).isPositive();
        assertThat(at(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(at(container, "securityContext", "capabilities").get("drop")).isEqualTo(List.of("ALL"));
        assertThat(at(container, "resources", "requests")).containsKeys("cpu", "memory");
        assertThat(at(container, "resources", "limits")).containsKey("memory");
        // the JVM needs one writable directory
        assertThat((List<Map<String, Object>>) container.get("volumeMounts")).anyMatch(mount -> "/tmp".equals(mount.get("mountPath")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void policyDirectoryIsTheConfigMapsPolicyAndASecretsUsersMountedReadOnly() throws IOException {
        Object policyDir = env("PORTCULLIS_POLICY_DIR").get("value");
        Map<String, Object> mount = ((List<Map<String, Object>>) container().get("volumeMounts")).stream()
                .filter(candidate -> policyDir.equals(candidate.get("mountPath")))
                .findFirst().orElseThrow();
        Map<String, Object> volume = ((List<Map<String, Object>>) at(ofKind("Deployment"), "spec", "template", "spec").get("volumes"))
                .stream().filter(candidate -> mount.get("name").equals(candidate.get("name"))).findFirst().orElseThrow();
        List<Map<String, Object>> sources = (List<Map<String, Object>>) at(volume, "projected").get("sources");

        assertThat(mount).containsEntry("readOnly", true);
        assertThat(sources).hasSize(2);
        assertThat(at(sources.get(0), "configMap").get("name")).isEqualTo(at(ofKind("ConfigMap"), "metadata").get("name"));
        assertThat((List<Map<String, Object>>) at(sources.get(0), "configMap").get("items"))
                .containsExactly(Map.of("key", PolicyLoader.POLICY_FILE, "path", PolicyLoader.POLICY_FILE));
        assertThat((List<Map<String, Object>>) at(sources.get(1), "secret").get("items"))
                .containsExactly(Map.of("key", PolicyLoader.USERS_FILE, "path", PolicyLoader.USERS_FILE));
    }

    @Test
    void exampleConfigMapPolicyIsOneTheGatewayAccepts() throws Exception {
        Files.writeString(tmp.resolve(PolicyLoader.POLICY_FILE), (String) at(ofKind("ConfigMap"), "data").get(PolicyLoader.POLICY_FILE));
        Files.copy(Path.of("../policy/users.yaml"), tmp.resolve(PolicyLoader.USERS_FILE));

        PolicySnapshot snapshot = PolicyLoader.load(tmp);

        assertThat(snapshot.policy().routes()).isNotEmpty();
    }
}
