package dev.switchboard.itests.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
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
import java.util.Arrays;
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
import org.osgi.framework.ServiceReference;
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

    /** The last schema module to migrate: once it is ready the engine's bundles have all started their work. */
    @Inject
    @Filter(value = "(" + SchemaReady.MODULE_PROPERTY + "=inbox)", timeout = 180_000)
    SchemaReady inboxSchema;

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
                features(featureRepository, "switchboard-example-echo-actions"),
                // Awaitility for the asynchronous checks inside the container
                mavenBundle().groupId("org.hamcrest").artifactId("hamcrest").versionAsInProject(),
                mavenBundle().groupId("org.awaitility").artifactId("awaitility").versionAsInProject());
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

    /**
     * The inbox's tool-loop resumer and the actions engine need each other (ActionInvoker one way, the listener the
     * other); Declarative Services must still bind the listener, or approved loops wait for the 15 s check.
     */
    @Test
    public void theActionsEngineTellsTheInboxOfDecisions() {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ServiceReference<?>[] listeners = bundleContext.getServiceReferences(
                    "dev.switchboard.actions.InvocationListener", null);
            return listeners != null && Arrays.stream(listeners)
                    .filter(listener -> "switchboard-inbox".equals(listener.getBundle().getSymbolicName()))
                    .anyMatch(listener -> listener.getUsingBundles() != null && Arrays.stream(listener.getUsingBundles())
                            .anyMatch(bundle -> "switchboard-actions".equals(bundle.getSymbolicName())));
        });
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
        // resources of late bundles (the inbox's last) re-publish the JAX-RS application as they arrive
        awaitHttp("/api/v1/messages", 401, null);

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
        awaitHttp(base + "/available", 401, null, agent);
    }

    /** One HTTP exchange with the engine; {@code headers} alternate names and values. */
    record Reply(int status, String body, String setCookie) {
    }

    private static Reply send(String method, String path, String body, String... headers) throws java.io.IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + HTTP_PORT + path)
                .openConnection();
        try {
            connection.setRequestMethod(method);
            for (int h = 0; h + 1 < headers.length; h += 2) {
                if (headers[h + 1] != null) {
                    connection.setRequestProperty(headers[h], headers[h + 1]);
                }
            }
            if (body != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            InputStream stream = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            String text = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            return new Reply(status, text, connection.getHeaderField("Set-Cookie"));
        } finally {
            connection.disconnect();
        }
    }

    private static String request(String method, String path, String body, String header, String value, int expected)
            throws Exception {
        Reply reply = send(method, path, body, header, value);
        assertEquals(method + " " + path + " answered " + reply.body(), expected, reply.status());
        return reply.body();
    }

    /** The value of the first {@code "name":"value"} in a JSON text. */
    private static String field(String json, String name) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"")
                .matcher(json);
        assertTrue(name + " in " + json, matcher.find());
        return matcher.group(1);
    }

    /** Logs in as the configured owner, waiting while the identity resources are still registering. */
    private static String login() {
        String credentials = "{\"email\":\"" + OWNER_EMAIL + "\",\"password\":\"" + OWNER_PASSWORD + "\"}";
        return await("owner login").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(java.io.IOException.class)
                .until(() -> send("POST", "/api/v1/auth/login", credentials), reply -> reply.status() == 200)
                .setCookie().split(";", 2)[0];
    }

    private ActionAdapter awaitPlugin(String id) {
        return await("plugin " + id).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(PluginUnavailableException.class)
                .until(() -> registry.require(ActionAdapter.class, id), java.util.Objects::nonNull);
    }

    private void awaitRoute(String id, boolean present) {
        await("route " + id + (present ? " added" : " removed")).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> (camel.getRoute(id) != null) == present);
    }

    private static String awaitHttp(String path, int expected) {
        return awaitHttp(path, expected, null);
    }

    private static String awaitHttp(String path, int expected, String cookie) {
        return awaitHttp(path, expected, cookie, null);
    }

    /** Waits until {@code path} answers {@code expected}, while the HTTP service and resources start. */
    private static String awaitHttp(String path, int expected, String cookie, String authorization) {
        return await(path + " answering " + expected).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(java.io.IOException.class)
                .until(() -> send("GET", path, null, "Cookie", cookie, "Authorization", authorization),
                        reply -> reply.status() == expected)
                .body();
    }
}
