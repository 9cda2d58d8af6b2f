package io.portcullis.gateway.users;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.DjangoDatabase;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Django schema on PostgreSQL (127.0.0.1:5432): a database of its own, made by the real Django, dropped after. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DjangoUsersPostgresIntegrationTest extends DjangoUsersContract {

    static final GatewayHarness HARNESS = new GatewayHarness();
    static final DjangoDatabase DATABASE = DjangoDatabase.create(DjangoDatabase.POSTGRES_SERVER);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("sql-users", fixture(HARNESS)).toString());
        registry.add("PORTCULLIS_USERS_DATABASE_URL", DATABASE::url);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void dropDatabase() {
        HARNESS.stop();
        DATABASE.close();
    }

    @Override
    DjangoDatabase database() {
        return DATABASE;
    }

    @Override
    GatewayHarness harness() {
        return HARNESS;
    }
}
