package io.portcullis.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** No Docker engine runs here: the compose file, the Dockerfile and the stand-in's mappings are checked instead. */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");
    /** Every variable the gateway reads (DESIGN.md "Running"); compose may set only these. */
    private static final Set<String> GATEWAY_VARIABLES = Set.of("PORTCULLIS_POLICY_DIR", "SERVER_PORT",
            "MANAGEMENT_SERVER_PORT", "REDIS_URL", "PORTCULLIS_JWT_SECRET", "PORTCULLIS_JWT_KEYS_DIR");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(options).load(Files.readString(ROOT.resolve("docker-compose.yml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name);
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsGatewayRedisAndTheLegacyStandIn() throws IOException {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");

        assertThat(services).containsOnlyKeys("gateway", "redis", "legacy-backend", "users-db");
        assertThat(service("redis").get("image")).asString().startsWith("redis:");
        assertThat(service("legacy-backend").get("image")).asString().startsWith("wiremock/wiremock:");
        assertThat(((Map<String, Object>) service("gateway").get("build")).get("dockerfile")).isEqualTo("Dockerfile");
        for (String name : services.keySet()) {
            assertThat(service(name)).as(name + " healthcheck").containsKey("healthcheck");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void gatewayWaitsForHealthyDependenciesAndPublishesItsPort() throws IOException {
        Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service("gateway").get("depends_on");

        assertThat(dependsOn).containsOnlyKeys("redis", "legacy-backend");
        dependsOn.values().forEach(condition -> assertThat(condition).containsEntry("condition", "service_healthy"));
        assertThat(service("gateway").get("network_mode")).isEqualTo("service:legacy-backend");
        assertThat((List<String>) service("legacy-backend").get("ports")).contains("8080:8080");
    }

    @Test
    @SuppressWarnings("unchecked")
    void gatewayEnvironmentNamesOnlyVariablesTheApplicationReads() throws IOException {
        Map<String, Object> environment = (Map<String, Object>) service("gateway").get("environment");
        List<String> envFile = Files.readAllLines(ROOT.resolve(".env.example")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.substring(0, line.indexOf('='))).toList();

        assertThat(environment.keySet()).isSubsetOf(GATEWAY_VARIABLES).contains("REDIS_URL", "PORTCULLIS_POLICY_DIR");
        assertThat(environment.get("REDIS_URL")).asString().startsWith("redis://redis:");
        assertThat(envFile).containsExactly("PORTCULLIS_JWT_SECRET");
        assertThat(Files.readString(ROOT.resolve(".gitignore")).lines()).contains(".env");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeCannotStartWithoutASecretAndTheExampleHoldsNone() throws IOException {
        Map<String, Object> environment = (Map<String, Object>) service("gateway").get("environment");
        List<String> exampleValues = Files.readAllLines(ROOT.resolve(".env.example")).stream()
                .filter(line -> line.startsWith("PORTCULLIS_JWT_SECRET=")).map(line -> line.substring(line.indexOf('=') + 1)).toList();

        // ${VAR:?message}: compose stops with the message when the variable is unset or empty
        assertThat(environment.get("PORTCULLIS_JWT_SECRET")).asString().matches("\\$\\{PORTCULLIS_JWT_SECRET:\\?.+}");
        assertThat(exampleValues).containsExactly("");
        assertThat(service("gateway")).doesNotContainKey("env_file");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDjangoDatabaseExampleRunsOnlyInItsProfileAndShipsTheReadOnlyRole() throws IOException {
        Map<String, Object> usersDb = service("users-db");
        List<String> volumes = (List<String>) usersDb.get("volumes");
        String sql = Files.readString(ROOT.resolve("deploy/postgres/readonly.sql"));

        assertThat((List<String>) usersDb.get("profiles")).containsExactly("django-db");
        assertThat(usersDb.get("image")).asString().startsWith("postgres:");
        assertThat(volumes).containsExactly("./deploy/postgres/readonly.sql:/portcullis/readonly.sql:ro");
        assertThat(sql).contains("default_transaction_read_only = on", "GRANT SELECT ON auth_user, auth_group, auth_user_groups")
                .doesNotContain("GRANT INSERT", "GRANT UPDATE", "GRANT DELETE", "GRANT ALL");
    }

    @Test
    void buildContextLeavesOutSecretsKeysAndBuildOutput() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));

        assertThat(ignored).contains(".env", ".git", "**/target", "*.pem", "keys/");
    }

    @Test
    @SuppressWarnings("unchecked")
    void mountedPathsExistAndPolicyIsReadOnly() throws IOException {
        List<String> gatewayVolumes = (List<String>) service("gateway").get("volumes");
        List<String> backendVolumes = (List<String>) service("legacy-backend").get("volumes");

        assertThat(gatewayVolumes).contains("./policy:/policy:ro");
        for (String volume : Stream.concat(gatewayVolumes.stream(), backendVolumes.stream()).toList()) {
            assertThat(ROOT.resolve(volume.split(":")[0])).as(volume).exists();
        }
        assertThat(ROOT.resolve("policy/policy.yaml")).exists();
        assertThat(ROOT.resolve("policy/users.yaml")).exists();
    }

    @Test
    void dockerfileIsMultiStageAndRunsAsNonRoot() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));

        assertThat(lines.stream().filter(line -> line.startsWith("FROM "))).hasSize(2);
        assertThat(lines).anyMatch(line -> line.matches("USER [1-9][0-9]*(:[1-9][0-9]*)?"));
        assertThat(lines).anyMatch(line -> line.contains("portcullis.jar"));
    }

    @Test
    void wiremockMappingsParseAndEachHasARequestAndAResponse() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Path> mappings;
        try (Stream<Path> files = Files.list(ROOT.resolve("demo/wiremock/mappings"))) {
            mappings = files.filter(file -> file.toString().endsWith(".json")).toList();
        }

        assertThat(mappings).isNotEmpty();
        for (Path mapping : mappings) {
            var tree = json.readTree(mapping.toFile());
            assertThat(tree.has("request")).as(mapping.toString()).isTrue();
            assertThat(tree.has("response")).as(mapping.toString()).isTrue();
        }
    }
}
