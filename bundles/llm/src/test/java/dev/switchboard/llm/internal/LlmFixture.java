package dev.switchboard.llm.internal;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.SecretCipherException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.ws.rs.core.SecurityContext;

/**
 * The LLM bundle's services on a real database: the store, the settings, the client and the resource. The cipher
 * and the audit log belong to other bundles and are played by small in-test implementations.
 */
final class LlmFixture {

    final TestDatabase db;
    final UnitOfWorkService unitOfWork;
    final LlmStore store;
    final FakeCipher cipher = new FakeCipher();
    final FakeAuditLog audit = new FakeAuditLog();
    final LlmSettingsService settings;
    final ConfiguredLlmClient client;
    final LlmSettingsResource resource;

    /** {@code deployment}: the properties of etc/dev.switchboard.llm.cfg (allowPrivateEndpoints included). */
    LlmFixture(TestDatabase db, Map<String, Object> deployment) {
        this.db = db;
        unitOfWork = new UnitOfWorkService(db.dataSource());
        store = new LlmStore(unitOfWork);
        settings = new LlmSettingsService(store, cipher, audit, deployment);
        client = new ConfiguredLlmClient(deployment, Clock.systemUTC(), settings);
        resource = new LlmSettingsResource(settings, client);
    }

    static Map<String, Object> deployment(String endpoint, String key, boolean allowPrivate) {
        Map<String, Object> properties = new HashMap<>();
        if (endpoint != null) {
            properties.put("endpoint", endpoint);
            properties.put("model", "deployment-model");
        }
        if (key != null) {
            properties.put(".apiKey", key);
        }
        properties.put("timeoutSeconds", "5");
        properties.put("allowPrivateEndpoints", Boolean.toString(allowPrivate));
        return properties;
    }

    UUID organization() {
        UUID id = UUID.randomUUID();
        db.execute("INSERT INTO organizations (id, name, slug) VALUES ('" + id + "', 'Org', 'org-" + id + "')");
        return id;
    }

    /** A user with {@code role} in {@code organizationId}, calling with an API key. */
    Caller user(UUID organizationId, Role role) {
        UUID user = UUID.randomUUID();
        db.execute("INSERT INTO users (id, email, name) VALUES ('" + user + "', '" + user + "@example.com', 'U')");
        db.execute("INSERT INTO members (organization_id, user_id, role) VALUES ('" + organizationId + "', '" + user
                + "', '" + role.wireName() + "')");
        return new Caller(Caller.Kind.API_KEY, user, organizationId, role, null, null, UUID.randomUUID(), false);
    }

    static Caller sessionToken(Caller user) {
        return new Caller(Caller.Kind.SESSION_TOKEN, user.userId(), user.organizationId(), Role.MEMBER, null,
                UUID.randomUUID(), UUID.randomUUID(), false);
    }

    static SecurityContext security(Caller caller) {
        return dev.switchboard.rest.testing.TestSecurity.of(caller);
    }

    long rows(UUID organizationId) {
        return ((Number) db.queryValue("SELECT count(*) FROM llm_settings WHERE organization_id = '" + organizationId
                + "'")).longValue();
    }

    /** Every column of the organization's row as text, to look for the key in. */
    String rowText(UUID organizationId) {
        Object value = db.queryValue("SELECT row_to_json(s)::text FROM llm_settings s WHERE organization_id = '"
                + organizationId + "'");
        return value == null ? "" : value.toString();
    }

    /**
     * A reversible stand-in for AES-GCM with key ids: each key id flips the bytes with its own mask. Keys can be
     * added, made active and forgotten, as a rotation does.
     */
    static final class FakeCipher implements SecretCipher {
        final Map<String, Byte> keys = new ConcurrentHashMap<>(Map.of("k1", (byte) 0x5a));
        volatile String active = "k1";

        @Override
        public Ciphertext encrypt(byte[] plaintext) {
            return new Ciphertext(active, Base64.getEncoder().encodeToString(mask(plaintext, keys.get(active))));
        }

        @Override
        public byte[] decrypt(Ciphertext ciphertext) {
            Byte mask = keys.get(ciphertext.keyId());
            if (mask == null) {
                throw new SecretCipherException(SecretCipherException.Reason.UNKNOWN_KEY_ID, ciphertext.keyId(),
                        "key " + ciphertext.keyId() + " is not configured");
            }
            return mask(Base64.getDecoder().decode(ciphertext.value()), mask);
        }

        @Override
        public String activeKeyId() {
            return active;
        }

        void rotateTo(String keyId, byte mask) {
            keys.put(keyId, mask);
            active = keyId;
        }

        private static byte[] mask(byte[] bytes, byte mask) {
            byte[] out = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                out[i] = (byte) (bytes[i] ^ mask);
            }
            return out;
        }

        String open(String keyId, String value) {
            return new String(decrypt(new Ciphertext(keyId, value)), StandardCharsets.UTF_8);
        }
    }

    record AuditEntry(UUID organizationId, String action, String targetType, Map<String, Object> details) {
    }

    static final class FakeAuditLog implements AuditLog {
        final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

        @Override
        public void record(Transaction tx, UUID organizationId, Caller actor, String action, String targetType,
                           String targetId, Map<String, Object> details) {
            if (tx == null) {
                throw new IllegalStateException("audit outside a transaction");
            }
            entries.add(new AuditEntry(organizationId, action, targetType, Map.copyOf(details)));
        }

        Set<String> actions() {
            return Set.copyOf(entries.stream().map(AuditEntry::action).toList());
        }
    }
}
