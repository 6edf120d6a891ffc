package dev.switchboard.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.SecretCipherException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SecretsServiceTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(SecretsSchema::apply);

    static final String PLANTED = "PLANTED-service-value-91bd";

    private final Fakes.FakeAuditLog audit = new Fakes.FakeAuditLog();
    private final AesGcmCipher cipher = Fakes.cipher("k1:" + Fakes.newKey(), "k1");
    private SecretsService service;
    private UUID orgA;
    private UUID orgB;
    private Caller adminA;
    private Caller adminB;

    @BeforeEach
    void setUp() {
        DB.execute("TRUNCATE secrets, secret_bundles");
        Fakes.TickingClock clock = new Fakes.TickingClock();
        service = new SecretsService(new SecretsStore(new UnitOfWorkService(DB.dataSource())), () -> cipher, audit,
                clock, () -> dev.switchboard.foundation.Ids.newId(clock));
        orgA = UUID.randomUUID();
        orgB = UUID.randomUUID();
        adminA = Fakes.caller(orgA, Role.ADMIN);
        adminB = Fakes.caller(orgB, Role.ADMIN);
    }

    @Test
    void createStoresOnlyCiphertextAndAudits() {
        SecretView view = service.create(adminA, new NewSecret("API_TOKEN", PLANTED, null, null, "the token"));

        assertEquals("API_TOKEN", view.key());
        assertEquals("", view.scope());
        assertEquals("the token", view.description());
        assertEquals(7, view.id().version());
        assertFalse(view.toString().contains(PLANTED));
        String stored = (String) DB.queryValue("SELECT ciphertext FROM secrets WHERE id = '" + view.id() + "'");
        assertFalse(stored.contains(PLANTED));
        assertEquals(PLANTED, cipher.decryptToString(new Ciphertext("k1", stored)));
        assertEquals(adminA.userId(), DB.queryValue("SELECT created_by FROM secrets"));
        Fakes.AuditEntry entry = audit.entries.get(0);
        assertEquals("secret.created", entry.action());
        assertEquals(orgA, entry.organizationId());
        assertEquals(view.id().toString(), entry.targetId());
        assertEquals(Map.of("key", "API_TOKEN", "scope", ""), entry.details());
    }

    @Test
    void aDuplicateKeyInTheSameScopeIsAConflictAndChangesNothing() {
        service.create(adminA, new NewSecret("TOKEN", "one", null, null, null));

        ApiProblem problem = assertThrows(ApiProblem.class,
                () -> service.create(adminA, new NewSecret("TOKEN", PLANTED, "", null, null)));

        assertEquals(409, problem.status());
        assertEquals("secret_exists", problem.code());
        assertFalse(problem.getMessage().contains(PLANTED));
        assertEquals(1L, DB.queryValue("SELECT count(*) FROM secrets"));
        assertEquals(1, audit.entries.size());
    }

    @Test
    void theSameKeyMayExistInOtherScopesAndOrganizations() {
        service.create(adminA, new NewSecret("TOKEN", "org", null, null, null));
        service.create(adminA, new NewSecret("TOKEN", "repo", "github:acme/web", null, null));
        service.create(adminB, new NewSecret("TOKEN", "other org", null, null, null));

        assertEquals(3L, DB.queryValue("SELECT count(*) FROM secrets"));
        assertEquals(List.of("github:acme/web"), service.list(orgA, "github:acme/web", null, null, null).items()
                .stream().map(SecretView::scope).toList());
        assertEquals(1, service.list(orgA, "", null, null, null).items().size());
    }

    @Test
    void invalidInputIsABadRequestNamingTheField() {
        assertInvalid("key", () -> service.create(adminA, new NewSecret("1BAD", PLANTED, null, null, null)));
        assertInvalid("key", () -> service.create(adminA, new NewSecret("A-B", PLANTED, null, null, null)));
        assertInvalid("key", () -> service.create(adminA, new NewSecret("K" + "x".repeat(200), PLANTED, null, null, null)));
        assertInvalid("key", () -> service.create(adminA, new NewSecret(null, PLANTED, null, null, null)));
        assertInvalid("value", () -> service.create(adminA, new NewSecret("A", null, null, null, null)));
        assertInvalid("value", () -> service.create(adminA, new NewSecret("A", "x".repeat(65_537), null, null, null)));
        assertInvalid("scope", () -> service.create(adminA, new NewSecret("A", PLANTED, "../etc", null, null)));
        assertInvalid("description", () -> service.create(adminA, new NewSecret("A", PLANTED, null, null, "d".repeat(1001))));
        assertEquals(0L, DB.queryValue("SELECT count(*) FROM secrets"));
    }

    @Test
    void aKeyOf200CharactersIsAccepted() {
        assertEquals(200, service.create(adminA, new NewSecret("K" + "x".repeat(199), "v", null, null, null)).key().length());
    }

    @Test
    void organizationsCannotSeeChangeOrDeleteEachOthersSecrets() {
        SecretView secretOfB = service.create(adminB, new NewSecret("B_TOKEN", PLANTED, null, null, null));

        assertEquals(List.of(), service.list(orgA, null, null, null, null).items());
        assertNotFound("secret_not_found", () -> service.get(orgA, secretOfB.id()));
        assertNotFound("secret_not_found", () -> service.update(adminA, secretOfB.id(), Map.of("value", "hijack")));
        assertNotFound("secret_not_found", () -> service.update(adminA, secretOfB.id(), Map.of("description", "x")));
        assertNotFound("secret_not_found", () -> service.delete(adminA, secretOfB.id()));
        assertEquals(List.of(new KeyPresence("B_TOKEN", false)), service.check(orgA, new KeyCheck(List.of("B_TOKEN"), null)));

        assertEquals(secretOfB, service.get(orgB, secretOfB.id()));
        String stored = (String) DB.queryValue("SELECT ciphertext FROM secrets");
        assertEquals(PLANTED, cipher.decryptToString(new Ciphertext("k1", stored)));
    }

    @Test
    void updateChangesOnlyTheFieldsSent() {
        SecretView created = service.create(adminA, new NewSecret("TOKEN", "old", null, null, "desc"));
        String before = (String) DB.queryValue("SELECT ciphertext FROM secrets");

        SecretView renamed = service.update(adminA, created.id(), Map.of("description", "new desc"));
        assertEquals("new desc", renamed.description());
        assertEquals(before, DB.queryValue("SELECT ciphertext FROM secrets"), "the value is untouched");

        service.update(adminA, created.id(), Map.of("value", PLANTED));
        String after = (String) DB.queryValue("SELECT ciphertext FROM secrets");
        assertEquals(PLANTED, cipher.decryptToString(new Ciphertext("k1", after)));
        assertEquals("new desc", service.get(orgA, created.id()).description());

        Map<String, Object> clear = new HashMap<>();
        clear.put("description", null);
        assertNull(service.update(adminA, created.id(), clear).description());

        assertEquals(List.of("secret.created", "secret.updated", "secret.updated", "secret.updated"), audit.actions());
        assertEquals(Boolean.TRUE, audit.entries.get(2).details().get("valueChanged"));
        audit.entries.forEach(entry -> assertFalse(entry.details().toString().contains(PLANTED)));
    }

    @Test
    void updateRejectsUnknownFieldsAndBadTypes() {
        SecretView created = service.create(adminA, new NewSecret("TOKEN", "v", null, null, null));

        assertInvalid("key", () -> service.update(adminA, created.id(), Map.of("key", "OTHER")));
        assertInvalid("value", () -> service.update(adminA, created.id(), Map.of("value", 42)));
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("value", null);
        assertInvalid("value", () -> service.update(adminA, created.id(), nullValue));
        assertInvalid("bundleId", () -> service.update(adminA, created.id(), Map.of("bundleId", "not-a-uuid")));
        assertInvalid("body", () -> service.update(adminA, created.id(), Map.of()));
    }

    @Test
    void deleteRemovesTheSecretAndAudits() {
        SecretView created = service.create(adminA, new NewSecret("TOKEN", "v", null, null, null));

        service.delete(adminA, created.id());

        assertEquals(0L, DB.queryValue("SELECT count(*) FROM secrets"));
        assertEquals("secret.deleted", audit.entries.get(1).action());
        assertNotFound("secret_not_found", () -> service.delete(adminA, created.id()));
    }

    @Test
    void aFailingAuditRollsTheChangeBack() {
        audit.failNext = true;
        assertThrows(IllegalStateException.class, () -> service.create(adminA, new NewSecret("A", "v", null, null, null)));
        assertEquals(0L, DB.queryValue("SELECT count(*) FROM secrets"));

        SecretView created = service.create(adminA, new NewSecret("A", "v", null, null, null));
        audit.failNext = true;
        assertThrows(IllegalStateException.class, () -> service.delete(adminA, created.id()));
        assertEquals(1L, DB.queryValue("SELECT count(*) FROM secrets"));
    }

    @Test
    void listPagesNewestFirstWithAnOpaqueCursor() {
        for (int i = 0; i < 5; i++) {
            service.create(adminA, new NewSecret("K" + i, "v", null, null, null));
        }

        SecretPage first = service.list(orgA, null, null, 2, null);
        SecretPage second = service.list(orgA, null, null, 2, first.nextCursor());
        SecretPage third = service.list(orgA, null, null, 2, second.nextCursor());

        assertEquals(List.of("K4", "K3"), first.items().stream().map(SecretView::key).toList());
        assertEquals(List.of("K2", "K1"), second.items().stream().map(SecretView::key).toList());
        assertEquals(List.of("K0"), third.items().stream().map(SecretView::key).toList());
        assertNull(third.nextCursor());
        assertEquals(5, service.list(orgA, null, null, null, null).items().size());
        assertEquals("invalid_cursor", assertThrows(ApiProblem.class,
                () -> service.list(orgA, null, null, 2, "garbage!")).code());
        assertInvalid("limit", () -> service.list(orgA, null, null, 0, null));
        assertInvalid("limit", () -> service.list(orgA, null, null, 101, null));
    }

    @Test
    void checkAnswersForOrganizationWideAndScopedKeys() {
        service.create(adminA, new NewSecret("ORG_WIDE", "v", null, null, null));
        service.create(adminA, new NewSecret("REPO_ONLY", "v", "repo-1", null, null));

        assertEquals(List.of(new KeyPresence("ORG_WIDE", true), new KeyPresence("REPO_ONLY", false),
                new KeyPresence("MISSING", false)), service.check(orgA, new KeyCheck(List.of("ORG_WIDE", "REPO_ONLY", "MISSING"), null)));
        assertEquals(List.of(new KeyPresence("ORG_WIDE", true), new KeyPresence("REPO_ONLY", true)),
                service.check(orgA, new KeyCheck(List.of("ORG_WIDE", "REPO_ONLY"), "repo-1")));
        assertInvalid("keys", () -> service.check(orgA, new KeyCheck(List.of(), null)));
        assertInvalid("keys", () -> service.check(orgA, new KeyCheck(List.of("bad key"), null)));
    }

    @Test
    void importCreatesNewKeysAndSkipsExistingOnesInOneTransaction() {
        service.create(adminA, new NewSecret("EXISTING", "keep me", null, null, null));

        ImportReport report = service.importEnv(adminA, new EnvImport(
                "# from .env\nexport NEW_ONE=" + PLANTED + "\nEXISTING=overwrite?\nMULTI=\"a\nb\"\n", null, null));

        assertEquals(List.of("NEW_ONE", "MULTI"), report.created());
        assertEquals(List.of("EXISTING"), report.skipped());
        assertEquals(3L, DB.queryValue("SELECT count(*) FROM secrets"));
        String existing = (String) DB.queryValue("SELECT ciphertext FROM secrets WHERE key = 'EXISTING'");
        assertEquals("keep me", cipher.decryptToString(new Ciphertext("k1", existing)));
        String multi = (String) DB.queryValue("SELECT ciphertext FROM secrets WHERE key = 'MULTI'");
        assertEquals("a\nb", cipher.decryptToString(new Ciphertext("k1", multi)));
        Fakes.AuditEntry entry = audit.entries.get(1);
        assertEquals("secret.imported", entry.action());
        assertEquals(List.of("NEW_ONE", "MULTI"), entry.details().get("created"));
        assertFalse(entry.details().toString().contains(PLANTED));
    }

    @Test
    void aMalformedLineImportsNothingAndNamesOnlyTheLineNumber() {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> service.importEnv(adminA,
                new EnvImport("A=1\nB=2\nthis is " + PLANTED + "\nC=3", null, null)));

        assertEquals(400, problem.status());
        assertEquals("env_parse_error", problem.code());
        assertTrue(problem.getMessage().contains("line 3"), problem.getMessage());
        assertFalse(problem.getMessage().contains(PLANTED));
        assertFalse(problem.errors().toString().contains(PLANTED));
        assertEquals(0L, DB.queryValue("SELECT count(*) FROM secrets"));
        assertEquals(List.of(), audit.entries);
    }

    @Test
    void aFailureDuringImportLeavesNothingHalfImported() {
        audit.failNext = true;

        assertThrows(IllegalStateException.class,
                () -> service.importEnv(adminA, new EnvImport("A=1\nB=2\nC=3", null, null)));

        assertEquals(0L, DB.queryValue("SELECT count(*) FROM secrets"));
    }

    @Test
    void importRejectsEmptyTextAndAnotherOrganizationsBundle() {
        BundleView bundleOfB = service.createBundle(adminB, new NewBundle("b", null, null));

        assertInvalid("envText", () -> service.importEnv(adminA, new EnvImport("# nothing\n", null, null)));
        assertInvalid("envText", () -> service.importEnv(adminA, new EnvImport(null, null, null)));
        ApiProblem problem = assertThrows(ApiProblem.class,
                () -> service.importEnv(adminA, new EnvImport("A=1", null, bundleOfB.id())));
        assertEquals("invalid_bundle", problem.code());
        assertEquals(400, problem.status());
        assertEquals(0L, DB.queryValue("SELECT count(*) FROM secrets"));
    }

    @Test
    void importIntoABundleAndAScope() {
        BundleView bundle = service.createBundle(adminA, new NewBundle("web", null, "apps/web/.env"));

        service.importEnv(adminA, new EnvImport("A=1\nB=2", "repo-1", bundle.id()));

        assertEquals(2L, service.getBundle(orgA, bundle.id()).secretCount());
        assertEquals(2, service.list(orgA, "repo-1", bundle.id(), null, null).items().size());
    }

    @Test
    void bundlesHaveUniqueNamesValidTargetPathsAndCounts() {
        BundleView web = service.createBundle(adminA, new NewBundle(" web ", "Web app", "apps/web/.env"));
        assertEquals("web", web.name());
        assertEquals(0, web.secretCount());

        ApiProblem duplicate = assertThrows(ApiProblem.class,
                () -> service.createBundle(adminA, new NewBundle("web", null, null)));
        assertEquals(409, duplicate.status());
        assertEquals("bundle_exists", duplicate.code());
        service.createBundle(adminB, new NewBundle("web", null, null));

        for (String path : new String[] {"/etc/passwd", "../up", "C:\\x", "a/../../b"}) {
            ApiProblem bad = assertThrows(ApiProblem.class,
                    () -> service.createBundle(adminA, new NewBundle("other", null, path)));
            assertEquals(400, bad.status());
            assertEquals("invalid_target_path", bad.code());
        }
        assertInvalid("name", () -> service.createBundle(adminA, new NewBundle(" ", null, null)));
        assertInvalid("name", () -> service.createBundle(adminA, new NewBundle("n".repeat(101), null, null)));

        service.create(adminA, new NewSecret("A", "v", null, web.id(), null));
        service.create(adminA, new NewSecret("B", "v", "repo", web.id(), null));
        assertEquals(List.of(2L), service.listBundles(orgA, null, null).items().stream().map(BundleView::secretCount).toList());
        assertEquals(1L, DB.queryValue("SELECT count(*) FROM secret_bundles WHERE organization_id = '" + orgA + "'"));
    }

    @Test
    void updateBundleChecksNameTargetPathAndOrganization() {
        BundleView web = service.createBundle(adminA, new NewBundle("web", null, ".env"));
        service.createBundle(adminA, new NewBundle("api", null, null));

        assertEquals("bundle_exists", assertThrows(ApiProblem.class,
                () -> service.updateBundle(adminA, web.id(), Map.of("name", "api"))).code());
        assertEquals("invalid_target_path", assertThrows(ApiProblem.class,
                () -> service.updateBundle(adminA, web.id(), Map.of("targetPath", "/abs"))).code());
        assertNotFound("bundle_not_found", () -> service.updateBundle(adminB, web.id(), Map.of("name", "mine")));

        Map<String, Object> clearPath = new HashMap<>();
        clearPath.put("targetPath", null);
        clearPath.put("name", "frontend");
        BundleView updated = service.updateBundle(adminA, web.id(), clearPath);
        assertEquals("frontend", updated.name());
        assertNull(updated.targetPath());
        assertEquals(".env", service.updateBundle(adminA, web.id(), Map.of("targetPath", ".env")).targetPath());
        assertEquals("web2", service.updateBundle(adminA, web.id(), Map.of("name", "web2")).name());
    }

    @Test
    void deletingABundleKeepsItsSecrets() {
        BundleView web = service.createBundle(adminA, new NewBundle("web", null, ".env"));
        SecretView secret = service.create(adminA, new NewSecret("A", "v", null, web.id(), null));

        assertNotFound("bundle_not_found", () -> service.deleteBundle(adminB, web.id()));
        service.deleteBundle(adminA, web.id());

        assertNull(service.get(orgA, secret.id()).bundleId());
        assertEquals(1L, DB.queryValue("SELECT count(*) FROM secrets"));
        assertEquals(List.of(), service.listBundles(orgA, null, null).items());
        assertEquals("secret_bundle.deleted", audit.entries.get(audit.entries.size() - 1).action());
    }

    @Test
    void aSecretCannotJoinAnotherOrganizationsBundle() {
        BundleView bundleOfB = service.createBundle(adminB, new NewBundle("b", null, null));
        SecretView secret = service.create(adminA, new NewSecret("A", "v", null, null, null));

        assertEquals("invalid_bundle", assertThrows(ApiProblem.class,
                () -> service.create(adminA, new NewSecret("B", "v", null, bundleOfB.id(), null))).code());
        assertEquals("invalid_bundle", assertThrows(ApiProblem.class,
                () -> service.update(adminA, secret.id(), Map.of("bundleId", bundleOfB.id().toString()))).code());
        assertNull(service.get(orgA, secret.id()).bundleId());
    }

    @Test
    void bundlesPageByName() {
        for (String name : new String[] {"d", "a", "c", "b"}) {
            service.createBundle(adminA, new NewBundle(name, null, null));
        }

        BundlePage first = service.listBundles(orgA, 3, null);
        BundlePage second = service.listBundles(orgA, 3, first.nextCursor());

        assertEquals(List.of("a", "b", "c"), first.items().stream().map(BundleView::name).toList());
        assertEquals(List.of("d"), second.items().stream().map(BundleView::name).toList());
        assertNull(second.nextCursor());
    }

    @Test
    void withoutKeysWritesThatEncryptAnswer503AndMetadataStillWorks() {
        ConfiguredSecretCipher unconfigured = new ConfiguredSecretCipher(Map.of("keys", "", "activeKeyId", ""));
        SecretsService keyless = new SecretsService(new SecretsStore(new UnitOfWorkService(DB.dataSource())),
                unconfigured::snapshot, audit, new Fakes.TickingClock(), UUID::randomUUID);
        SecretView existing = service.create(adminA, new NewSecret("A", "v", null, null, null));

        for (Executable call : List.<Executable>of(
                () -> keyless.create(adminA, new NewSecret("B", PLANTED, null, null, null)),
                () -> keyless.update(adminA, existing.id(), Map.of("value", PLANTED)),
                () -> keyless.importEnv(adminA, new EnvImport("B=" + PLANTED, null, null)))) {
            ApiProblem problem = assertThrows(ApiProblem.class, call::execute);
            assertEquals(503, problem.status());
            assertEquals("secrets_key_missing", problem.code());
            assertTrue(problem.getMessage().contains("keys"), problem.getMessage());
            assertFalse(problem.getMessage().contains(PLANTED));
        }
        assertEquals(1, keyless.list(orgA, null, null, null, null).items().size());
        assertNotNull(keyless.createBundle(adminA, new NewBundle("b", null, null)));
        keyless.delete(adminA, existing.id());
    }

    @Test
    void aMalformedKeyAnswers503Invalid() {
        ConfiguredSecretCipher broken = new ConfiguredSecretCipher(Map.of("keys", "k1:short", "activeKeyId", "k1"));
        SecretsService keyless = new SecretsService(new SecretsStore(new UnitOfWorkService(DB.dataSource())),
                broken::snapshot, audit, new Fakes.TickingClock(), UUID::randomUUID);

        ApiProblem problem = assertThrows(ApiProblem.class,
                () -> keyless.create(adminA, new NewSecret("B", PLANTED, null, null, null)));

        assertEquals(503, problem.status());
        assertEquals("secrets_key_invalid", problem.code());
        assertTrue(problem.getMessage().contains("'k1'"), problem.getMessage());
    }

    @Test
    void cipherFailuresOtherThanConfigurationAreNotUnavailable() {
        SecretCipher failing = new SecretCipher() {
            @Override
            public Ciphertext encrypt(byte[] plaintext) {
                Arrays.fill(plaintext, (byte) 0);
                throw new SecretCipherException(SecretCipherException.Reason.UNKNOWN_KEY_ID, "x", "unknown key 'x'");
            }

            @Override
            public byte[] decrypt(Ciphertext ciphertext) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String activeKeyId() {
                return "x";
            }
        };
        SecretsService odd = new SecretsService(new SecretsStore(new UnitOfWorkService(DB.dataSource())),
                () -> failing, audit, new Fakes.TickingClock(), UUID::randomUUID);

        assertEquals(500, assertThrows(ApiProblem.class,
                () -> odd.create(adminA, new NewSecret("B", "v", null, null, null))).status());
    }

    private static void assertInvalid(String field, Executable call) {
        ApiProblem problem = assertThrows(ApiProblem.class, call::execute);
        assertEquals(400, problem.status(), problem.getMessage());
        assertEquals("invalid_request", problem.code());
        assertEquals(field, problem.errors().get(0).field());
        assertFalse(problem.getMessage().contains(PLANTED));
    }

    private static void assertNotFound(String code, Executable call) {
        ApiProblem problem = assertThrows(ApiProblem.class, call::execute);
        assertEquals(404, problem.status());
        assertEquals(code, problem.code());
    }

    /** A call that may throw. */
    @FunctionalInterface
    interface Executable {
        void execute() throws Exception;
    }
}
