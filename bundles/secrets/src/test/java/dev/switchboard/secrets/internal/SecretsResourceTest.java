package dev.switchboard.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import dev.switchboard.secrets.SecretCipher;
import java.lang.reflect.Method;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SecretsResourceTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(SecretsSchema::apply);

    private static final String PLANTED = "PLANTED-resource-value-e3c07d";
    private static final String K1 = Fakes.newKey();
    private static final String K2 = Fakes.newKey();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicReference<SecretCipher> cipher = new AtomicReference<>();
    private final Fakes.FakeAuditLog audit = new Fakes.FakeAuditLog();
    private SecretsResource secrets;
    private SecretBundlesResource bundles;
    private UUID org;
    private SecurityContext admin;
    private SecurityContext member;

    @BeforeEach
    void setUp() {
        DB.execute("TRUNCATE secrets, secret_bundles");
        cipher.set(Fakes.cipher("k1:" + K1, "k1"));
        SecretsStore store = new SecretsStore(new UnitOfWorkService(DB.dataSource()));
        Fakes.TickingClock clock = new Fakes.TickingClock();
        SecretsService service = new SecretsService(store, cipher::get, audit, clock,
                () -> dev.switchboard.foundation.Ids.newId(clock));
        ReencryptionService reencryption = new ReencryptionService(cipher::get);
        reencryption.addParticipant(new SecretsReencryption(store, 50));
        secrets = new SecretsResource(service, reencryption);
        bundles = new SecretBundlesResource(service);
        org = UUID.randomUUID();
        admin = Fakes.security(Fakes.caller(org, Role.ADMIN));
        member = Fakes.security(Fakes.caller(org, Role.MEMBER));
    }

    @Test
    void createAnswers201WithLocationAndMetadataOnly() throws Exception {
        Response response = secrets.create(admin, new NewSecret("TOKEN", PLANTED, null, null, "d"));

        assertEquals(201, response.getStatus());
        SecretView view = (SecretView) response.getEntity();
        assertEquals("/api/v1/secrets/" + view.id(), response.getLocation().toString());
        String json = JSON.writeValueAsString(view);
        assertFalse(json.contains(PLANTED));
        assertEquals(Map.of("id", view.id().toString(), "key", "TOKEN", "scope", "", "description", "d",
                "createdAt", view.createdAt(), "updatedAt", view.updatedAt()),
                withoutNulls(JSON.readValue(json, Map.class)));
        assertTrue(view.createdAt().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), view.createdAt());
    }

    @Test
    void membersReadAndCheckButOnlyAdminsChange() {
        SecretView created = (SecretView) secrets.create(admin, new NewSecret("TOKEN", "v", null, null, null)).getEntity();
        BundleView bundle = (BundleView) bundles.create(admin, new NewBundle("web", null, ".env")).getEntity();

        assertEquals(1, secrets.list(member, null, null, null, null).items().size());
        assertEquals(created, secrets.get(member, created.id().toString()));
        assertEquals(List.of(new KeyPresence("TOKEN", true)), secrets.check(member, new KeyCheck(List.of("TOKEN"), null)));
        assertEquals(1, bundles.list(member, null, null).items().size());
        assertEquals(bundle, bundles.get(member, bundle.id().toString()));

        for (Runnable write : List.<Runnable>of(
                () -> secrets.create(member, new NewSecret("B", "v", null, null, null)),
                () -> secrets.update(member, created.id().toString(), Map.of("value", "x")),
                () -> secrets.delete(member, created.id().toString()),
                () -> secrets.importEnv(member, new EnvImport("B=1", null, null)),
                () -> bundles.create(member, new NewBundle("b", null, null)),
                () -> bundles.update(member, bundle.id().toString(), Map.of("name", "x")),
                () -> bundles.delete(member, bundle.id().toString()))) {
            ApiProblem problem = assertThrows(ApiProblem.class, write::run);
            assertEquals(403, problem.status());
            assertEquals("forbidden", problem.code());
        }
        assertEquals(1L, DB.queryValue("SELECT count(*) FROM secrets"));
        assertEquals(1L, DB.queryValue("SELECT count(*) FROM secret_bundles"));
    }

    @Test
    void writeMethodsDeclareTheAdminRoleAndEveryResourceSelectsBothExtensions() throws Exception {
        for (Class<?> type : List.of(SecretsResource.class, SecretBundlesResource.class)) {
            // the component property type is not kept at runtime: read the descriptor bnd generated
            String descriptor;
            try (var in = getClass().getClassLoader().getResourceAsStream("OSGI-INF/" + type.getName() + ".xml")) {
                descriptor = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            assertTrue(descriptor.contains("name=\"osgi.jaxrs.extension.select\" type=\"String\">"
                    + RestExtensions.SELECT_PROBLEMS + "\n" + RestExtensions.SELECT_AUTH + "<"), descriptor);
            assertTrue(descriptor.contains("name=\"osgi.jaxrs.resource\" type=\"Boolean\" value=\"true\""), descriptor);
            for (Method method : type.getDeclaredMethods()) {
                boolean write = method.isAnnotationPresent(javax.ws.rs.PATCH.class) || method.isAnnotationPresent(javax.ws.rs.DELETE.class)
                        || method.isAnnotationPresent(POST.class) && !List.of("check", "reencrypt").contains(method.getName());
                if (write) {
                    assertEquals(Role.ADMIN, method.getAnnotation(RequiresRole.class).value(), method.getName());
                } else if (method.isAnnotationPresent(GET.class)) {
                    assertNull(method.getAnnotation(RequiresRole.class), method.getName());
                }
            }
        }
    }

    @Test
    void callersWithoutCredentialsOrOrganizationAreRefused() {
        assertEquals(401, assertThrows(ApiProblem.class,
                () -> secrets.list(Fakes.security(null), null, null, null, null)).status());
        SecurityContext orgless = Fakes.security(new Caller(Caller.Kind.API_KEY, UUID.randomUUID(), null, null, null,
                null, UUID.randomUUID(), false));
        ApiProblem problem = assertThrows(ApiProblem.class, () -> secrets.list(orgless, null, null, null, null));
        assertEquals(403, problem.status());
        assertEquals("organization_required", problem.code());
    }

    @Test
    void deleteAnswers204AndUnknownOrForeignIdsAre404() {
        SecretView created = (SecretView) secrets.create(admin, new NewSecret("TOKEN", "v", null, null, null)).getEntity();
        SecurityContext otherAdmin = Fakes.security(Fakes.caller(UUID.randomUUID(), Role.ADMIN));

        assertEquals("secret_not_found", assertThrows(ApiProblem.class,
                () -> secrets.delete(otherAdmin, created.id().toString())).code());
        assertEquals("secret_not_found", assertThrows(ApiProblem.class, () -> secrets.get(admin, "not-a-uuid")).code());
        assertEquals("bundle_not_found", assertThrows(ApiProblem.class, () -> bundles.get(admin, "nope")).code());
        assertEquals(204, secrets.delete(admin, created.id().toString()).getStatus());
        assertEquals(404, assertThrows(ApiProblem.class, () -> secrets.get(admin, created.id().toString())).status());
        assertEquals("invalid_request", assertThrows(ApiProblem.class,
                () -> secrets.list(admin, null, "not-a-uuid", null, null)).code());
    }

    @Test
    void bundleEndpointsValidateTargetPathsAndKeepSecretsOnDelete() {
        ApiProblem bad = assertThrows(ApiProblem.class, () -> bundles.create(admin, new NewBundle("web", null, "../x")));
        assertEquals(400, bad.status());
        assertEquals("invalid_target_path", bad.code());

        Response created = bundles.create(admin, new NewBundle("web", "Web", "apps/web/.env"));
        BundleView bundle = (BundleView) created.getEntity();
        assertEquals(201, created.getStatus());
        assertEquals("/api/v1/secret-bundles/" + bundle.id(), created.getLocation().toString());
        secrets.create(admin, new NewSecret("A", "v", null, bundle.id(), null));
        assertEquals(1, bundles.list(admin, null, null).items().get(0).secretCount());

        assertEquals(204, bundles.delete(admin, bundle.id().toString()).getStatus());
        assertEquals(1, secrets.list(admin, null, null, null, null).items().size());
        assertNull(secrets.list(admin, null, null, null, null).items().get(0).bundleId());
    }

    @Test
    void reencryptIsForSuperAdminsOnly() {
        secrets.create(admin, new NewSecret("A", "v", null, null, null));
        cipher.set(Fakes.cipher("k1:" + K1 + ",k2:" + K2, "k2"));

        ApiProblem refused = assertThrows(ApiProblem.class, () -> secrets.reencrypt(admin));
        assertEquals(403, refused.status());

        ReencryptionReport report = secrets.reencrypt(Fakes.security(Fakes.superAdmin(org)));
        assertEquals(1, report.total());
        assertTrue(report.complete());
        assertEquals(1L, DB.queryValue("SELECT count(*) FROM secrets WHERE key_id = 'k2'"));
    }

    @Test
    void withoutKeysReencryptAnswers503NamingTheSetting() {
        ConfiguredSecretCipher unconfigured = new ConfiguredSecretCipher(Map.of());
        cipher.set(null);
        SecretsResource keyless = new SecretsResource(null, new ReencryptionService(unconfigured::snapshot));

        ApiProblem problem = assertThrows(ApiProblem.class, () -> keyless.reencrypt(Fakes.security(Fakes.superAdmin(org))));

        assertEquals(503, problem.status());
        assertEquals("secrets_key_missing", problem.code());
        assertTrue(problem.getMessage().contains("keys"), problem.getMessage());
    }

    @Test
    void aPlantedValueNeverAppearsInAResponseAProblemOrTheLog() throws Exception {
        List<Object> responses = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        BundleView bundle = (BundleView) bundles.create(admin, new NewBundle("web", null, ".env")).getEntity();
        SecretView created = (SecretView) secrets.create(admin, new NewSecret("TOKEN", PLANTED, "repo-1", bundle.id(),
                null)).getEntity();
        responses.add(created);
        responses.add(secrets.update(admin, created.id().toString(), Map.of("value", PLANTED + "-2", "description", "d")));
        responses.add(secrets.importEnv(admin, new EnvImport("IMPORTED=" + PLANTED + "\nTOKEN=" + PLANTED, "repo-1", null)));
        responses.add(secrets.list(admin, null, null, null, null));
        responses.add(secrets.get(admin, created.id().toString()));
        responses.add(secrets.check(member, new KeyCheck(List.of("TOKEN", "IMPORTED"), "repo-1")));
        responses.add(bundles.list(admin, null, null));
        cipher.set(Fakes.cipher("k1:" + K1 + ",k2:" + K2, "k2"));
        responses.add(secrets.reencrypt(Fakes.security(Fakes.superAdmin(org))));

        List<Runnable> failing = List.of(
                () -> secrets.create(admin, new NewSecret("TOKEN", PLANTED, "repo-1", null, null)),
                () -> secrets.create(admin, new NewSecret("BAD KEY", PLANTED, null, null, null)),
                () -> secrets.create(admin, new NewSecret(PLANTED, PLANTED, null, null, null)),
                () -> secrets.create(member, new NewSecret("X", PLANTED, null, null, null)),
                () -> secrets.importEnv(admin, new EnvImport("OK=1\n" + PLANTED + "\n", null, null)),
                () -> secrets.importEnv(admin, new EnvImport("A=\"" + PLANTED, null, null)),
                () -> secrets.importEnv(admin, new EnvImport("A='" + PLANTED + "'junk", null, null)),
                () -> secrets.update(admin, created.id().toString(), Map.of("value", PLANTED, "key", "K")),
                () -> secrets.update(admin, UUID.randomUUID().toString(), Map.of("value", PLANTED)),
                () -> secrets.check(admin, new KeyCheck(List.of(PLANTED + " x"), null)));
        for (Runnable call : failing) {
            ApiProblem problem = assertThrows(ApiProblem.class, call::run);
            problems.add(problem.getMessage() + " " + problem.errors());
        }
        cipher.set(Fakes.cipher("k9:" + Fakes.newKey(), "k9"));
        SecretsReaderService reader = new SecretsReaderService(new SecretsStore(new UnitOfWorkService(DB.dataSource())),
                cipher::get);
        problems.add(assertThrows(RuntimeException.class, () -> reader.forSession(org, "repo-1")).getMessage());

        assertEquals(10 + 1, problems.size());
        for (Object response : responses) {
            assertNotNull(response);
            String json = JSON.writeValueAsString(response);
            assertFalse(json.contains(PLANTED), json);
        }
        for (String problem : problems) {
            assertFalse(problem.contains(PLANTED), problem);
        }
        for (Fakes.AuditEntry entry : audit.entries) {
            assertFalse(entry.toString().contains(PLANTED), entry.toString());
        }
        String log = LogFile.read();
        assertTrue(log.contains("TOKEN"), "the log is captured");
        assertFalse(log.contains(PLANTED), "a secret value was logged");
    }

    private static Map<?, ?> withoutNulls(Map<?, ?> map) {
        Map<Object, Object> copy = new HashMap<>(map);
        copy.values().removeIf(java.util.Objects::isNull);
        return copy;
    }
}
