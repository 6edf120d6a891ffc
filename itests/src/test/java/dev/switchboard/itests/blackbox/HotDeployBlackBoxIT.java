package dev.switchboard.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.itests.support.Http;
import dev.switchboard.itests.support.Node;
import dev.switchboard.itests.support.Installation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.io.OutputStream;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The distribution as an operator runs it: start, health, hot deployment through deploy/. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotDeployBlackBoxIT {

    private Installation installation;
    private Node node;
    private Http http;

    @BeforeAll
    void start() {
        installation = Installation.start("deploy");
        node = installation.node();
        http = node.ownerHttp();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (installation != null) {
            installation.close();
        }
    }

    @Test
    void engineStartsWithHealthUpAndItsMigrationsApplied() throws Exception {
        JsonNode health = http.get("/api/v1/health").json();
        assertEquals("UP", health.path("status").asText());
        assertEquals("UP", health.path("database").path("status").asText());
        JsonNode modules = health.path("migrations").path("modules");
        java.util.Set<String> applied = new java.util.TreeSet<>();
        modules.forEach(module -> {
            assertEquals("applied", module.path("state").asText(), module.toString());
            applied.add(module.path("module").asText());
        });
        assertTrue(applied.containsAll(java.util.List.of("foundation", "identity", "secrets", "integrations",
                "sessions", "actions")), applied.toString());
        try (Connection connection = installation.database().connect();
             ResultSet result = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM databasechangelog WHERE id = 'foundation-1-idempotency-keys'")) {
            result.next();
            assertEquals(1, result.getInt(1));
        }
    }

    @Test
    void pluginJarDroppedIntoDeployIsListedAndGoneAfterRemoval() throws Exception {
        Path jar = deploy("switchboard.echoJar", "echo-hot.jar");
        long dropped = System.nanoTime();
        await("echo listed").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> isActive("echo"));
        System.out.println("deploy -> listed: " + Node.timeSince(dropped).toMillis() + " ms");
        JsonNode echo = http.get("/api/v1/plugins/action-adapter/echo").json();
        assertEquals("active", echo.path("state").asText());
        assertEquals("Echo", echo.path("displayName").asText());
        assertEquals("switchboard-example-echo-actions", echo.path("bundle").path("symbolicName").asText());
        assertEquals("object", echo.path("configSchema").path("type").asText());

        Files.delete(jar);
        long removed = System.nanoTime();
        await("echo gone").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.get("/api/v1/plugins/action-adapter/echo").status() == 404);
        System.out.println("removed -> gone: " + Node.timeSince(removed).toMillis() + " ms");
        assertFalse(http.get("/api/v1/plugins").body().contains("\"echo\""));
    }

    @Test
    void failingPluginBundleIsReportedFailedWhileOthersKeepWorking() throws Exception {
        Path echo = deploy("switchboard.echoJar", "echo-beside-failing.jar");
        Path failing = deploy("switchboard.failingJar", "failing.jar");
        try {
            await("failing reported").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "failed".equals(http.get("/api/v1/plugins/action-adapter/failing").json()
                            .path("state").asText()));
            JsonNode failed = http.get("/api/v1/plugins/action-adapter/failing").json();
            assertTrue(failed.path("error").asText().contains("refuses to start"), failed.toString());
            await("echo listed").atMost(Duration.ofSeconds(5)).until(() -> isActive("echo"));

            Http.Response health = http.get("/api/v1/health");
            assertEquals(200, health.status(), "a failed plugin does not take the engine down");
            assertTrue(health.json().path("plugins").path("failed").asInt() >= 1);
        } finally {
            Files.deleteIfExists(failing);
            Files.deleteIfExists(echo);
        }
        await("failing gone").atMost(Duration.ofSeconds(10))
                .until(() -> http.get("/api/v1/plugins/action-adapter/failing").status() == 404);
    }

    @Test
    void pluginBundleThatDoesNotResolveIsReportedFailedWithTheMissingPackage() throws Exception {
        Path jar = node.deployDir().resolve("unresolvable.jar");
        Path staging = node.home().resolve("unresolvable.jar.part");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "it-unresolvable-plugin");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "dev.switchboard.no.such.api;version=\"[1,2)\"");
        main.putValue("Switchboard-Plugin", "trigger-source;id=unresolvable");
        try (OutputStream out = Files.newOutputStream(staging); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // a manifest is all this bundle needs
        }
        Files.move(staging, jar, StandardCopyOption.ATOMIC_MOVE);
        try {
            await("unresolvable reported").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> http.get("/api/v1/plugins/trigger-source/unresolvable").status() == 200);
            JsonNode failed = http.get("/api/v1/plugins/trigger-source/unresolvable").json();
            assertEquals("failed", failed.path("state").asText());
            assertTrue(failed.path("error").asText().contains("did not resolve"), failed.toString());
            assertTrue(failed.path("error").asText().contains("dev.switchboard.no.such.api"), failed.toString());
            assertEquals(200, http.get("/api/v1/health").status());
        } finally {
            Files.deleteIfExists(jar);
        }
        await("unresolvable gone").atMost(Duration.ofSeconds(10))
                .until(() -> http.get("/api/v1/plugins/trigger-source/unresolvable").status() == 404);
    }

    @Test
    void malformedConfigurationIsReportedWithKeyAndExpectedFormAndFixedWithoutRestart() throws Exception {
        Path cfg = node.home().resolve("etc/dev.switchboard.foundation.cfg");
        String original = Files.readString(cfg);
        try {
            Files.writeString(cfg, original.replace("database.check.interval.seconds = 2",
                    "database.check.interval.seconds = often"));
            await("error logged").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> node.log().contains("database.check.interval.seconds = 'often', expected a whole "
                            + "number from 1 to 300"));
        } finally {
            Files.writeString(cfg, original);
        }
        await("health UP again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.get("/api/v1/health").status() == 200);
    }

    @Test
    void unknownPluginsAndKindsAnswerWithProblems() {
        Http.Response unknownId = http.get("/api/v1/plugins/action-adapter/no-such-plugin");
        assertEquals(404, unknownId.status());
        assertTrue(unknownId.contentType().startsWith("application/problem+json"), unknownId.contentType());
        assertEquals("plugin_not_found", unknownId.json().path("code").asText());

        Http.Response unknownKind = http.get("/api/v1/plugins/robots/echo");
        assertEquals(404, unknownKind.status());
        assertEquals("plugin_kind_not_found", unknownKind.json().path("code").asText());

        Http.Response badFilter = http.get("/api/v1/plugins?kind=robots");
        assertEquals(400, badFilter.status());
        assertEquals("kind", badFilter.json().path("errors").path(0).path("field").asText());
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        Http.Response document = http.get("/api/v1/openapi.json");
        assertEquals(200, document.status());
        JsonNode paths = document.json().path("paths");
        assertTrue(paths.has("/api/v1/health"));
        assertTrue(paths.has("/api/v1/plugins"));
        assertTrue(paths.has("/api/v1/plugins/{kind}/{id}"));
        assertTrue(paths.has("/api/v1/auth/login"));
    }

    @Test
    void pluginsNeedCredentials() {
        Http.Response anonymous = node.http().get("/api/v1/plugins");
        assertEquals(401, anonymous.status());
        assertEquals("unauthenticated", anonymous.json().path("code").asText());
        assertEquals(401, node.http().withBearer("sbk_not-a-key").get("/api/v1/plugins").status());
    }

    @Test
    void noDefaultCredentialsShipAndTheAdminPasswordIsStoredHashed() throws Exception {
        String users = Files.readString(node.home().resolve("etc/users.properties"));
        assertFalse(users.contains("karaf = karaf"), users);
        assertTrue(users.lines().anyMatch(line -> line.startsWith("admin = {CRYPT}")), users);
        assertFalse(users.contains("it-" + node.httpPort()), "the configured password is not kept in clear");
    }

    private boolean isActive(String actionAdapterId) {
        Http.Response response = http.get("/api/v1/plugins/action-adapter/" + actionAdapterId);
        return response.status() == 200 && "active".equals(response.json().path("state").asText());
    }

    private Path deploy(String jarProperty, String fileName) throws Exception {
        Path source = Path.of(System.getProperty(jarProperty));
        Path staging = node.home().resolve(fileName + ".part");
        Files.copy(source, staging, StandardCopyOption.REPLACE_EXISTING);
        Path target = node.deployDir().resolve(fileName);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
