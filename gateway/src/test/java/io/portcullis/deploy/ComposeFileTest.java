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

    /** Services started by {@code docker compose --profile PROFILE up} beyond the default ones; null: the default ones. */
    @SuppressWarnings("unchecked")
    private static List<String> servicesOfProfile(String profile) throws IOException {
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose().get("services");
        return services.entrySet().stream()
                .filter(service -> profile == null ? !service.getValue().containsKey("profiles")
                        : ((List<String>) service.getValue().getOrDefault("profiles", List.of())).contains(profile))
                .map(Map.Entry::getKey).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsGatewayRedisAndTheLegacyStandIn() throws IOException {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");

        assertThat(servicesOfProfile(null)).containsExactlyInAnyOrder("gateway", "redis", "legacy-backend");
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
    void observabilityProfileAddsPrometheusAndGrafanaOnly() throws IOException {
        assertThat(servicesOfProfile("observability")).containsExactlyInAnyOrder("prometheus", "grafana");
        assertThat(service("prometheus").get("profiles")).isEqualTo(List.of("observability"));
        assertThat(service("grafana").get("profiles")).isEqualTo(List.of("observability"));
        assertThat(service("prometheus").get("image")).asString().startsWith("prom/prometheus:v");
        assertThat(service("grafana").get("image")).asString().startsWith("grafana/grafana:");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheManagementPortInsideTheGatewaysNamespace() throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml")));
        Map<String, Object> job = ((List<Map<String, Object>>) config.get("scrape_configs")).get(0);
        List<String> command = (List<String>) service("prometheus").get("command");

        // the gateway shares the stand-in's namespace, where its management port listens on 127.0.0.1 only
        assertThat(service("prometheus").get("network_mode")).isEqualTo(service("gateway").get("network_mode"));
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat((List<Map<String, List<String>>>) job.get("static_configs")).singleElement()
                .satisfies(targets -> assertThat(targets.get("targets")).containsExactly("127.0.0.1:8081"));
        assertThat(command).contains("--web.listen-address=:9091", "--config.file=/etc/prometheus/prometheus.yml");
        assertThat((List<String>) service("prometheus").get("volumes"))
                .contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        assertThat((Map<String, Map<String, String>>) service("prometheus").get("depends_on"))
                .containsEntry("gateway", Map.of("condition", "service_healthy"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaIsProvisionedWithTheDashboardAndThePrometheusDataSource() throws IOException {
        List<String> volumes = (List<String>) service("grafana").get("volumes");
        Map<String, Object> datasources = new Yaml().load(Files.readString(
                ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml")));
        Map<String, Object> dashboards = new Yaml().load(Files.readString(
                ROOT.resolve("deploy/grafana/provisioning/dashboards/portcullis.yml")));
        var dashboard = JsonMapper.builder().build().readTree(ROOT.resolve("deploy/grafana/portcullis-dashboard.json").toFile());

        for (String volume : volumes) {
            assertThat(ROOT.resolve(volume.split(":")[0])).as(volume).exists();
        }
        assertThat(volumes).contains("./deploy/grafana/portcullis-dashboard.json:/var/lib/grafana/dashboards/portcullis-dashboard.json:ro");
        assertThat((List<Map<String, Object>>) datasources.get("datasources")).singleElement().satisfies(source -> {
            assertThat(source).containsEntry("type", "prometheus").containsEntry("url", "http://legacy-backend:9091");
        });
        assertThat((List<Map<String, Object>>) dashboards.get("providers")).singleElement().satisfies(provider ->
                assertThat((Map<String, Object>) provider.get("options")).containsEntry("path", "/var/lib/grafana/dashboards"));
        assertThat(dashboard.get("uid").asString()).isEqualTo("portcullis");
        assertThat(dashboard.get("panels").size()).isPositive();
        assertThat((List<String>) service("grafana").get("ports")).containsExactly("127.0.0.1:3000:3000");
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
        List<String> balancerVolumes = (List<String>) service("load-balancer").get("volumes");
        List<String> backendVolumes = (List<String>) service("legacy-backend").get("volumes");

        assertThat(gatewayVolumes).contains("./policy:/policy:ro");
        for (String volume : Stream.of(gatewayVolumes, backendVolumes, balancerVolumes).flatMap(List::stream).toList()) {
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

    // --- profile scale: three gateways behind HAProxy, one Redis (issue 16)

    private static final List<String> SCALE_GATEWAYS = List.of("gateway-1", "gateway-2", "gateway-3");
    private static final String READINESS = "/actuator/health/readiness";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) throws IOException {
        return (Map<String, Object>) service(service).get("environment");
    }

    /** The {@code server NAME HOST:PORT check port MANAGEMENT} lines of the HAProxy backend, by name. */
    private static Map<String, String> haproxyServers() throws IOException {
        return Files.readAllLines(ROOT.resolve("deploy/haproxy/haproxy.cfg")).stream().map(String::strip)
                .filter(line -> line.startsWith("server "))
                .collect(java.util.stream.Collectors.toMap(line -> line.split("\\s+")[1], line -> line));
    }

    @Test
    void scaleProfileAddsThreeGatewaysAndALoadBalancerButNoSecondRedis() throws IOException {
        assertThat(servicesOfProfile("scale")).containsExactlyInAnyOrder("gateway-1", "gateway-2", "gateway-3", "load-balancer");
        for (String name : servicesOfProfile("scale")) {
            assertThat(String.valueOf(service(name).get("image"))).as(name).doesNotStartWith("redis");
        }
        assertThat(service("load-balancer").get("image")).asString().startsWith("haproxy:");
    }

    @Test
    void scaleGatewaysShareTheOneRedisTheSecretAndTheReadOnlyPolicy() throws IOException {
        for (String gateway : SCALE_GATEWAYS) {
            Map<String, Object> environment = environment(gateway);
            assertThat(environment.keySet()).as(gateway).isSubsetOf(GATEWAY_VARIABLES);
            assertThat(environment.get("REDIS_URL")).as(gateway).isEqualTo(environment("gateway").get("REDIS_URL"));
            assertThat(environment.get("PORTCULLIS_JWT_SECRET")).as(gateway).isEqualTo(environment("gateway").get("PORTCULLIS_JWT_SECRET"));
            assertThat(environment.get("PORTCULLIS_POLICY_DIR")).as(gateway).isEqualTo("/policy");
            assertThat(service(gateway).get("volumes")).as(gateway).isEqualTo(List.of("./policy:/policy:ro"));
            assertThat(service(gateway).get("network_mode")).as(gateway).isEqualTo("service:legacy-backend");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void scaleGatewaysListenOnPortsOfTheirOwnAndTheirHealthchecksAskTheirOwnReadiness() throws IOException {
        Set<Object> ports = new java.util.HashSet<>(List.of("8080", "8081", "9090"));  // the stand-in's namespace
        for (String gateway : SCALE_GATEWAYS) {
            String management = (String) environment(gateway).get("MANAGEMENT_SERVER_PORT");
            assertThat(ports.add(environment(gateway).get("SERVER_PORT"))).as(gateway + " public port").isTrue();
            assertThat(ports.add(management)).as(gateway + " management port").isTrue();
            String check = String.join(" ", (List<String>) ((Map<String, Object>) service(gateway).get("healthcheck")).get("test"));
            assertThat(check).as(gateway).contains("/dev/tcp/127.0.0.1/" + management + " ").contains("GET " + READINESS + " ");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void loadBalancerRoundRobinsOverTheThreeGatewaysCheckingTheirReadiness() throws IOException {
        String config = Files.readString(ROOT.resolve("deploy/haproxy/haproxy.cfg"));
        Map<String, String> servers = haproxyServers();

        assertThat(servers).containsOnlyKeys(SCALE_GATEWAYS);
        for (String gateway : SCALE_GATEWAYS) {
            assertThat(servers.get(gateway)).isEqualTo("server " + gateway + " 127.0.0.1:" + environment(gateway).get("SERVER_PORT")
                    + " check port " + environment(gateway).get("MANAGEMENT_SERVER_PORT"));
        }
        assertThat(config).contains("balance roundrobin", "option httpchk", "uri " + READINESS + " ", "http-check expect status 200",
                "bind :8000");
        assertThat((List<String>) service("legacy-backend").get("ports")).contains("8000:8000");
        assertThat((List<String>) service("load-balancer").get("volumes"))
                .containsExactly("./deploy/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
    }

    @Test
    @SuppressWarnings("unchecked")
    void loadBalancerStartsOnlyOnceEveryGatewayIsReady() throws IOException {
        Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service("load-balancer").get("depends_on");

        assertThat(dependsOn).containsOnlyKeys(SCALE_GATEWAYS);
        dependsOn.values().forEach(condition -> assertThat(condition).containsEntry("condition", "service_healthy"));
        assertThat(service("load-balancer")).containsKey("healthcheck");
    }
}
