package dev.switchboard.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.itests.support.Http;
import dev.switchboard.itests.support.Node;
import dev.switchboard.itests.support.Installation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Secrets through the running distribution: never leaked, isolated by organization, rotated without downtime. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsBlackBoxIT {

    private static final String PLANTED = "pl4nted-s3cret-" + System.nanoTime();
    private static final String IMPORTED = "1mported-v4lue-" + System.nanoTime();

    private Installation installation;
    private Node node;
    private Http owner;
    private Http outsider;
    private final List<String> responses = new ArrayList<>();

    @BeforeAll
    void start() {
        installation = Installation.start("secrets");
        node = installation.node();
        owner = node.ownerHttp();
        outsider = installation.signUp("other@it.example", "other-password-1", "Other");
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (installation != null) {
            installation.close();
        }
    }

    @Test
    void secretsAreIsolatedNeverLeakedAndRotated() throws Exception {
        Http.Response created = record(owner.post("/api/v1/secrets",
                "{\"key\":\"API_TOKEN\",\"value\":\"" + PLANTED + "\",\"description\":\"planted\"}"));
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        Http.Response imported = record(owner.post("/api/v1/secrets/import",
                "{\"envText\":\"# comment\\nexport DB_URL=\\\"" + IMPORTED + "\\\"\\nAPI_TOKEN=ignored\\n\"}"));
        assertEquals(200, imported.status(), imported.body());
        assertEquals("DB_URL", imported.json().path("created").path(0).asText());
        assertEquals("API_TOKEN", imported.json().path("skipped").path(0).asText());

        Http.Response malformed = record(owner.post("/api/v1/secrets/import",
                "{\"envText\":\"GOOD=1\\nthis is not a line\\n\"}"));
        assertEquals(400, malformed.status());
        assertEquals("env_parse_error", malformed.json().path("code").asText());
        assertTrue(record(owner.get("/api/v1/secrets")).body().contains("DB_URL"));
        assertFalse(owner.get("/api/v1/secrets").body().contains("\"GOOD\""), "nothing half-imported");

        assertEquals(409, record(owner.post("/api/v1/secrets", "{\"key\":\"API_TOKEN\",\"value\":\"x\"}")).status());
        assertEquals(400, record(owner.post("/api/v1/secret-bundles",
                "{\"name\":\"bad\",\"targetPath\":\"../etc/passwd\"}")).status());

        // another organization sees nothing and reaches nothing
        assertEquals(404, record(outsider.get("/api/v1/secrets/" + id)).status());
        assertEquals(404, record(outsider.patch("/api/v1/secrets/" + id, "{\"value\":\"overwritten\"}")).status());
        assertEquals(404, record(outsider.delete("/api/v1/secrets/" + id)).status());
        assertFalse(record(outsider.get("/api/v1/secrets")).body().contains("API_TOKEN"));
        Http.Response bundle = record(owner.post("/api/v1/secret-bundles",
                "{\"name\":\"backend\",\"targetPath\":\"config/.env\"}"));
        assertEquals(201, bundle.status(), bundle.body());
        String bundleId = bundle.json().path("id").asText();
        assertEquals(404, record(outsider.get("/api/v1/secret-bundles/" + bundleId)).status());
        assertEquals(404, record(outsider.patch("/api/v1/secret-bundles/" + bundleId, "{\"name\":\"mine\"}")).status());
        assertEquals(404, record(outsider.delete("/api/v1/secret-bundles/" + bundleId)).status());
        assertFalse(record(outsider.get("/api/v1/secret-bundles")).body().contains(bundleId));
        Http.Response foreignBundle = record(outsider.post("/api/v1/secrets",
                "{\"key\":\"X\",\"value\":\"y\",\"bundleId\":\"" + bundleId + "\"}"));
        assertEquals(400, foreignBundle.status(), "another organization's bundle cannot be used");
        Http.Response check = record(outsider.post("/api/v1/secrets/check", "{\"keys\":[\"API_TOKEN\"]}"));
        assertTrue(check.body().contains("\"exists\":false"), check.body());

        // rotation: add k2 as active, re-encrypt everything, then retire k1
        String k2 = "k2:" + Base64.getEncoder().encodeToString(
                "another-32-byte-key-for-rotation".getBytes(StandardCharsets.US_ASCII));
        writeKeys(Node.SECRETS_KEYS + "," + k2, "k2");
        await("k2 active").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Http.Response run = owner.post("/api/v1/secrets/reencrypt", "{}");
            return run.status() == 200 && "k2".equals(run.json().path("activeKeyId").asText())
                    && run.json().path("complete").asBoolean();
        });
        assertEquals(0, count("SELECT count(*) FROM secrets WHERE key_id <> 'k2'"));
        writeKeys(k2, "k2");
        await("k1 retired").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> owner.post("/api/v1/secrets/reencrypt", "{}").json().path("total").asInt() == 0);
        assertEquals(201, record(owner.post("/api/v1/secrets", "{\"key\":\"AFTER_ROTATION\",\"value\":\"v\"}")).status());
        assertEquals(403, record(outsider.post("/api/v1/secrets/reencrypt", "{}")).status(), "super-admins only");

        for (String body : responses) {
            assertFalse(body.contains(PLANTED), "the planted value leaked into a response");
            assertFalse(body.contains(IMPORTED), "an imported value leaked into a response");
        }
        String log = node.log() + node.consoleOutput();
        assertFalse(log.contains(PLANTED), "the planted value leaked into the log");
        assertFalse(log.contains(IMPORTED), "an imported value leaked into the log");
        assertEquals(0, count("SELECT count(*) FROM secrets WHERE ciphertext LIKE '%" + PLANTED + "%'"));
        assertEquals(0, count("SELECT count(*) FROM audit_log WHERE details::text LIKE '%" + PLANTED + "%'"));
    }

    private void writeKeys(String keys, String active) throws Exception {
        Path cfg = node.home().resolve("etc/dev.switchboard.secrets.cfg");
        String content = Files.readString(cfg).lines()
                .map(line -> line.startsWith("keys") ? "keys = " + keys
                        : line.startsWith("activeKeyId") ? "activeKeyId = " + active : line)
                .reduce("", (a, b) -> a + b + "\n");
        Files.writeString(cfg, content);
    }

    private Http.Response record(Http.Response response) {
        responses.add(response.body());
        return response;
    }

    private int count(String sql) throws Exception {
        try (Connection connection = installation.database().connect();
             ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }
}
