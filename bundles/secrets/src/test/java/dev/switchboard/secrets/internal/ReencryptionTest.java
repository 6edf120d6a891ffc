package dev.switchboard.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import dev.switchboard.secrets.ReencryptionParticipant;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.SecretCipherException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReencryptionTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(SecretsSchema::apply);

    private static final String K1 = Fakes.newKey();
    private static final String K2 = Fakes.newKey();

    /** The deployment's current cipher, switched by the tests like an operator editing the config. */
    private final AtomicReference<SecretCipher> current = new AtomicReference<>();
    private SecretsStore store;
    private SecretsService service;
    private SecretsReaderService reader;
    private UUID orgA;
    private UUID orgB;

    @BeforeEach
    void setUp() {
        DB.execute("TRUNCATE secrets, secret_bundles");
        current.set(Fakes.cipher("k1:" + K1, "k1"));
        store = new SecretsStore(new UnitOfWorkService(DB.dataSource()));
        Fakes.TickingClock clock = new Fakes.TickingClock();
        service = new SecretsService(store, current::get, new Fakes.FakeAuditLog(), clock,
                () -> dev.switchboard.foundation.Ids.newId(clock));
        reader = new SecretsReaderService(store, current::get);
        orgA = UUID.randomUUID();
        orgB = UUID.randomUUID();
    }

    @Test
    void rotationMovesEveryRowToTheNewKeyAndTheOldKeyCanThenGo() {
        seed(orgA, 7);
        seed(orgB, 5);
        assertEquals(12L, countUnder("k1"));

        current.set(Fakes.cipher("k1:" + K1 + ",k2:" + K2, "k2"));
        assertEquals(values(orgA, 7), reader.forSession(orgA, null).variables(), "old rows stay readable");
        ReencryptionService rotation = new ReencryptionService(current::get);
        rotation.addParticipant(new SecretsReencryption(store, 5));

        ReencryptionReport report = rotation.runAll();

        assertEquals("k2", report.activeKeyId());
        assertEquals(List.of(new ReencryptionReport.Result("secrets", 12, null)), report.participants());
        assertEquals(12, report.total());
        assertTrue(report.complete());
        assertEquals(12L, countUnder("k2"));
        assertEquals(0, rotation.runAll().total(), "a second run finds nothing to do");

        current.set(Fakes.cipher("k2:" + K2, "k2"));
        assertEquals(values(orgA, 7), reader.forSession(orgA, null).variables());
        assertEquals(values(orgB, 5), reader.forSession(orgB, null).variables());
    }

    @Test
    void aValueUnderAnUnknownOrWrongKeyFailsTheRunLoudlyAndChangesNothing() {
        seed(orgA, 3);
        Map<String, Object> before = snapshot();
        ReencryptionService rotation = new ReencryptionService(current::get);
        rotation.addParticipant(new SecretsReencryption(store, 10));

        // k1 is gone: its rows cannot be opened
        current.set(Fakes.cipher("k2:" + K2, "k2"));
        ReencryptionReport missing = rotation.runAll();
        assertFalse(missing.complete());
        assertTrue(missing.participants().get(0).error().startsWith("secrets_key_unknown"), missing.toString());
        assertEquals(before, snapshot());

        // "k1" now names other key material: the tag does not verify
        current.set(Fakes.cipher("k1:" + Fakes.newKey() + ",k2:" + K2, "k2"));
        ReencryptionReport wrong = rotation.runAll();
        assertFalse(wrong.complete());
        assertTrue(wrong.participants().get(0).error().startsWith("secrets_decryption_failed"), wrong.toString());
        assertEquals(before, snapshot());
        SecretCipherException thrown = assertThrows(SecretCipherException.class, () -> reader.forSession(orgA, null));
        assertEquals(SecretCipherException.Reason.TAG_MISMATCH, thrown.reason());
        for (int i = 0; i < 3; i++) {
            assertFalse(thrown.getMessage().contains("value-" + i + "-" + orgA));
        }
    }

    @Test
    void oneFailingParticipantDoesNotStopTheOthers() {
        seed(orgA, 2);
        current.set(Fakes.cipher("k1:" + K1 + ",k2:" + K2, "k2"));
        ReencryptionService rotation = new ReencryptionService(current::get);
        rotation.addParticipant(new SecretsReencryption(store, 10));
        ReencryptionParticipant broken = new ReencryptionParticipant() {
            @Override
            public String name() {
                return "aaa-broken";
            }

            @Override
            public long reencrypt(SecretCipher cipher) {
                throw new IllegalStateException("boom");
            }
        };
        rotation.addParticipant(broken);

        ReencryptionReport report = rotation.runAll();

        assertFalse(report.complete());
        assertEquals(List.of("aaa-broken", "secrets"), report.participants().stream().map(ReencryptionReport.Result::name).toList());
        assertEquals(2, report.participants().get(1).reencrypted());
        assertNull(report.participants().get(1).error());
        rotation.removeParticipant(broken);
        assertTrue(rotation.runAll().complete());
    }

    @Test
    void withoutKeysTheRunFailsWithTheConfigurationProblem() {
        ConfiguredSecretCipher unconfigured = new ConfiguredSecretCipher(Map.of());
        ReencryptionService rotation = new ReencryptionService(unconfigured::snapshot);

        assertEquals(SecretCipherException.Reason.KEYS_MISSING,
                assertThrows(SecretCipherException.class, rotation::runAll).reason());
    }

    @Test
    void twoNodesRunningAtOnceShareTheRowsWithoutLosingAny() throws Exception {
        seed(orgA, 120);
        current.set(Fakes.cipher("k1:" + K1 + ",k2:" + K2, "k2"));
        int nodes = 2;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Long>> runs = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                SecretsReencryption node = new SecretsReencryption(new SecretsStore(new UnitOfWorkService(DB.dataSource())), 7);
                Callable<Long> run = () -> {
                    go.await();
                    return node.reencrypt(current.get());
                };
                runs.add(pool.submit(run));
            }
            go.countDown();
            long total = 0;
            for (Future<Long> run : runs) {
                total += run.get(60, TimeUnit.SECONDS);
            }
            // a node that finds only locked rows stops early; whatever is left, one more run finishes
            total += new SecretsReencryption(store, 7).reencrypt(current.get());
            assertEquals(120, total, "every row re-encrypted exactly once");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(120L, countUnder("k2"));
        assertEquals(values(orgA, 120), reader.forSession(orgA, null).variables());
    }

    private void seed(UUID organizationId, int count) {
        Caller admin = Fakes.caller(organizationId, Role.ADMIN);
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < count; i++) {
            env.append("K").append(i).append("=value-").append(i).append('-').append(organizationId).append('\n');
        }
        service.importEnv(admin, new EnvImport(env.toString(), null, null));
    }

    private static Map<String, String> values(UUID organizationId, int count) {
        Map<String, String> values = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            values.put("K" + i, "value-" + i + "-" + organizationId);
        }
        return values;
    }

    private static long countUnder(String keyId) {
        return (Long) DB.queryValue("SELECT count(*) FROM secrets WHERE key_id = '" + keyId + "'");
    }

    private static Map<String, Object> snapshot() {
        return Map.of("rows", DB.queryValue("SELECT string_agg(id || key_id || ciphertext, ',' ORDER BY id) FROM secrets"));
    }

}
