package dev.switchboard.itests.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import dev.switchboard.core.camel.EngineRoutes;
import dev.switchboard.core.plugins.PluginEntry;
import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.core.plugins.PluginState;
import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.foundation.DatabaseHealth;
import dev.switchboard.foundation.IdempotencyStore;
import dev.switchboard.foundation.MapperSet;
import dev.switchboard.foundation.MigrationStatus;
import dev.switchboard.foundation.SchemaReady;
import dev.switchboard.foundation.UnitOfWork;
import dev.switchboard.itests.support.TestDatabase;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginKind;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.action.ActionContext;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import java.io.File;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.Map;
import java.util.UUID;
import javax.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Inside the built distribution, booted once for this class against a database created for the run:
 * the engine's services, migrations, the unit of work across mapper sets, idempotency keys, the plugin
 * registry with a feature-installed plugin, and Camel route contributions.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineIT {

    static final String HTTP_PORT = "18181";
    static final String OWNER_EMAIL = "owner@paxexam.example";
    static final String OWNER_PASSWORD = "pax-exam-owner-password";

    @Inject
    BundleContext bundleContext;

    @Inject
    @Filter(timeout = 120_000)
    UnitOfWork unitOfWork;

    @Inject
    @Filter(timeout = 120_000)
    IdempotencyStore idempotencyStore;

    @Inject
    @Filter(value = "(" + SchemaReady.MODULE_PROPERTY + "=" + SchemaReady.FOUNDATION + ")", timeout = 120_000)
    SchemaReady foundationSchema;

    @Inject
    MigrationStatus migrations;

    @Inject
    DatabaseHealth databaseHealth;

    @Inject
    PluginRegistry registry;

    @Inject
    @Filter(value = "(camel.context.name=" + EngineRoutes.CONTEXT_NAME + ")", timeout = 120_000)
    CamelContext camel;

    @Inject
    @Filter(timeout = 120_000)
    dev.switchboard.sessions.Sessions sessions;

    @Inject
    @Filter(timeout = 120_000)
    dev.switchboard.identity.SessionTokens sessionTokens;

    @Configuration
    public Option[] config() {
        TestDatabase database = TestDatabase.create("paxexam");
        Runtime.getRuntime().addShutdownHook(new Thread(database::close));
        MavenArtifactUrlReference distribution = maven().groupId("dev.switchboard").artifactId("switchboard-karaf-dist")
                .type("tar.gz").versionAsInProject();
        MavenArtifactUrlReference featureRepository = maven().groupId("dev.switchboard")
                .artifactId("switchboard-features").classifier("features").type("xml").versionAsInProject();
        String localRepository = System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository");
        return options(
                karafDistributionConfiguration().frameworkUrl(distribution).name("switchboard")
                        .karafVersion("4.4.10").unpackDirectory(new File("target/exam")).useDeployFolder(false),
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                systemTimeout(180_000),
                vmOption("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", HTTP_PORT),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "18101"),
                editConfigurationFilePut("etc/org.ops4j.datasource-switchboard.cfg", "url", database.url()),
                editConfigurationFilePut("etc/org.ops4j.datasource-switchboard.cfg", "user", database.user()),
                editConfigurationFilePut("etc/org.ops4j.datasource-switchboard.cfg", "password", database.password()),
                editConfigurationFilePut("etc/dev.switchboard.secrets.cfg", "keys", "k1:"
                        + java.util.Base64.getEncoder().encodeToString("pax-exam-secrets-key-32-bytes!!!".getBytes())),
                editConfigurationFilePut("etc/dev.switchboard.secrets.cfg", "activeKeyId", "k1"),
                editConfigurationFilePut("etc/dev.switchboard.identity.cfg", "initialOwner.email", OWNER_EMAIL),
                editConfigurationFilePut("etc/dev.switchboard.identity.cfg", "initialOwner.password", OWNER_PASSWORD),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        localRepository),
                features(featureRepository, "switchboard-example-echo-actions"));
    }

    @Test
    public void healthIsUpOverHttp() throws Exception {
        String body = awaitHttp("/api/v1/health", 200);
        assertTrue(body, body.contains("\"status\":\"UP\""));
        assertTrue(databaseHealth.status().up());
    }

    @Test
    public void foundationMigrationRanAndItsTablesExist() {
        MigrationStatus.ModuleMigration foundation = migrations.modules().stream()
                .filter(module -> module.module().equals(SchemaReady.FOUNDATION)).findFirst().orElseThrow();
        assertEquals(MigrationStatus.State.APPLIED, foundation.state());
        MapperSet mappers = unitOfWork.mappers(SchemaProbe.class);
        long changeSets = unitOfWork.inTransaction(tx -> tx.mapper(mappers, SchemaProbe.class).changeSets());
        assertTrue(changeSets >= 1);
        assertEquals(1, (long) unitOfWork.inTransaction(tx -> tx.mapper(mappers, SchemaProbe.class)
                .tableCount("idempotency_keys")));
    }

    @Test
    public void unitOfWorkSpansMapperSetsOnOneConnectionAndRollsBackTogether() {
        MapperSet first = unitOfWork.mappers(SchemaProbe.class);
        MapperSet second = unitOfWork.mappers(KeyProbe.class);
        UUID organization = UUID.randomUUID();
        unitOfWork.run(tx -> {
            int pidFirst = tx.mapper(first, SchemaProbe.class).backendPid();
            int pidSecond = tx.mapper(second, KeyProbe.class).backendPid();
            assertEquals("both bundles' mappers share the transaction's connection", pidFirst, pidSecond);
        });
        try {
            unitOfWork.run(tx -> {
                tx.mapper(second, KeyProbe.class).insert(organization, "rolled-back");
                tx.mapper(first, SchemaProbe.class).failOnPurpose();
            });
            fail("the second statement must fail");
        } catch (RuntimeException expected) {
            // the first insert must be gone with it
        }
        assertEquals(0, (long) unitOfWork.inTransaction(tx -> tx.mapper(second, KeyProbe.class).count(organization)));
        unitOfWork.run(tx -> tx.mapper(second, KeyProbe.class).insert(organization, "committed"));
        assertEquals(1, (long) unitOfWork.inTransaction(tx -> tx.mapper(second, KeyProbe.class).count(organization)));
    }

    @Test
    public void idempotencyStoreReplaysTheFirstResponse() {
        UUID organization = UUID.randomUUID();
        String key = "it-" + UUID.randomUUID();
        assertTrue(idempotencyStore.begin(organization, key, "hash-a", Duration.ofMinutes(5))
                instanceof IdempotencyStore.Begin.Started);
        idempotencyStore.complete(organization, key,
                new IdempotencyStore.StoredResponse(201, "application/json", "{\"id\":1}"));
        IdempotencyStore.Begin again = idempotencyStore.begin(organization, key, "hash-a", Duration.ofMinutes(5));
        assertEquals("{\"id\":1}", ((IdempotencyStore.Begin.Replay) again).response().body());
        assertTrue(idempotencyStore.begin(organization, key, "hash-b", Duration.ofMinutes(5))
                instanceof IdempotencyStore.Begin.Mismatch);
    }

    @Test
    public void featureInstalledPluginIsRegisteredAndCallable() throws Exception {
        ActionAdapter echo = awaitPlugin("echo");
        PluginEntry entry = registry.entry(PluginKind.ACTION_ADAPTER, "echo").orElseThrow();
        assertEquals(PluginState.ACTIVE, entry.state());
        assertEquals("switchboard-example-echo-actions", entry.bundle().symbolicName());
        ActionContext context = new ActionContext(UUID.randomUUID().toString(), null, null, Map.of(), Clock.systemUTC());
        ActionResult result = echo.execute(new ActionRequest("echo", Map.of("message", "hi"), context,
                Instant.now().plusSeconds(5), null), AccessToken.NONE);
        assertNotNull(result.data());
        awaitHttp("/api/v1/plugins/action-adapter/echo", 401, null);
        String cookie = login();
        String body = awaitHttp("/api/v1/plugins/action-adapter/echo", 200, cookie);
        assertTrue(body, body.contains("\"state\":\"active\""));
    }

    @Test
    public void unknownPluginIsUnavailable() {
        try {
            registry.require(ActionAdapter.class, "does-not-exist");
            fail("expected PluginUnavailableException");
        } catch (PluginUnavailableException expected) {
            assertEquals("does-not-exist", expected.pluginId());
        }
    }

    @Test
    public void routesContributedAsServicesStartAndLeaveWithTheirService() throws Exception {
        assertTrue(camel.getStatus().isStarted());
        RoutesBuilder routes = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:it-ping").routeId("it-ping").transform(simple("pong ${body}"));
            }
        };
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EngineRoutes.PROPERTY, "true");
        ServiceRegistration<RoutesBuilder> registration =
                bundleContext.registerService(RoutesBuilder.class, routes, properties);
        try {
            awaitRoute("it-ping", true);
            assertEquals("pong x", camel.createProducerTemplate().requestBody("direct:it-ping", "x", String.class));
        } finally {
            registration.unregister();
        }
        awaitRoute("it-ping", false);
    }

    @Test
    public void agentInvokesActionsThroughTheRestApiAndAnAdminApproves() throws Exception {
        awaitPlugin("echo");
        String cookie = login();
        String me = request("GET", "/api/v1/auth/me", null, "Cookie", cookie, 200);
        UUID organization = UUID.fromString(field(me, "organizationId"));
        UUID owner = UUID.fromString(field(me.substring(me.indexOf("\"user\"")), "id"));
        UUID session = sessions.create(organization, owner, "coding", "pax exam").id();
        String agent = "Bearer " + sessionTokens.issue(organization, session, owner);
        String base = "/api/v1/sessions/" + session + "/actions";

        awaitHttp(base + "/available", 200, null, agent);
        String read = request("POST", base + "/invoke",
                "{\"integration\":\"echo\",\"action\":\"echo\",\"params\":{\"message\":\"hi\"}}",
                "Authorization", agent, 200);
        assertTrue(read, read.contains("\"completed\""));
        String pending = request("POST", base + "/invoke",
                "{\"integration\":\"echo\",\"action\":\"note\",\"params\":{\"text\":\"remember\"}}",
                "Authorization", agent, 202);
        String invocation = field(pending.substring(pending.indexOf("\"invocation\"")), "id");
        request("POST", base + "/invocations/" + invocation + "/approve", "{\"mode\":\"once\"}",
                "Authorization", agent, 403);
        String approved = request("POST", base + "/invocations/" + invocation + "/approve", "{\"mode\":\"once\"}",
                "Cookie", cookie, 200);
        assertTrue(approved, approved.contains("\"completed\""));
        request("POST", base + "/invocations/" + invocation + "/approve", "{\"mode\":\"once\"}",
                "Cookie", cookie, 409);
        String inbox = request("GET", "/api/v1/actions?status=completed", null, "Cookie", cookie, 200);
        assertTrue(inbox, inbox.contains(invocation));
        sessionTokens.revokeAll(organization, session);
        request("GET", base + "/available", null, "Authorization", agent, 401);
    }

    private static String request(String method, String path, String body, String header, String value, int expected)
            throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + HTTP_PORT + path)
                .openConnection();
        connection.setRequestMethod(method);
        connection.setRequestProperty(header, value);
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        InputStream stream = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String text = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(method + " " + path + " answered " + text, expected, status);
        return text;
    }

    /** The value of the first {@code "name":"value"} in a JSON text. */
    private static String field(String json, String name) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"")
                .matcher(json);
        assertTrue(name + " in " + json, matcher.find());
        return matcher.group(1);
    }

    /** Logs in as the configured owner, waiting while the identity resources are still registering. */
    private static String login() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        int last = -1;
        while (System.currentTimeMillis() < deadline) {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + HTTP_PORT
                    + "/api/v1/auth/login").openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.getOutputStream().write(("{\"email\":\"" + OWNER_EMAIL + "\",\"password\":\""
                    + OWNER_PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8));
            last = connection.getResponseCode();
            if (last == 200) {
                return connection.getHeaderField("Set-Cookie").split(";", 2)[0];
            }
            Thread.sleep(250);
        }
        throw new AssertionError("login never succeeded (last status " + last + ")");
    }

    private ActionAdapter awaitPlugin(String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                return registry.require(ActionAdapter.class, id);
            } catch (PluginUnavailableException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("plugin " + id + " never became active");
    }

    private void awaitRoute(String id, boolean present) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if ((camel.getRoute(id) != null) == present) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("route " + id + (present ? " never appeared" : " was never removed"));
    }

    private static String awaitHttp(String path, int expected) throws Exception {
        return awaitHttp(path, expected, null);
    }

    private static String awaitHttp(String path, int expected, String cookie) throws Exception {
        return awaitHttp(path, expected, cookie, null);
    }

    private static String awaitHttp(String path, int expected, String cookie, String authorization) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        int last = -1;
        while (System.currentTimeMillis() < deadline) {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + HTTP_PORT + path)
                    .openConnection();
            if (cookie != null) {
                connection.setRequestProperty("Cookie", cookie);
            }
            if (authorization != null) {
                connection.setRequestProperty("Authorization", authorization);
            }
            try {
                last = connection.getResponseCode();
                if (last == expected) {
                    InputStream stream = last < 400 ? connection.getInputStream() : connection.getErrorStream();
                    try (InputStream in = stream) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            } catch (java.io.IOException notUpYet) {
                // the HTTP service is still starting
            } finally {
                connection.disconnect();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " never answered " + expected + " (last " + last + ")");
    }
}
