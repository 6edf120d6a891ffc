package dev.switchboard.secrets.internal;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.ws.rs.core.SecurityContext;

/** Small fakes and factories shared by the tests. */
final class Fakes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fakes() {
    }

    static String newKey() {
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        return Base64.getEncoder().encodeToString(material);
    }

    static AesGcmCipher cipher(String keys, String active) {
        return new AesGcmCipher(KeyRing.parse(keys, active), new SecureRandom());
    }

    static Caller caller(UUID organizationId, Role role) {
        return new Caller(Caller.Kind.API_KEY, UUID.randomUUID(), organizationId, role, null, null, UUID.randomUUID(),
                false);
    }

    static Caller superAdmin(UUID organizationId) {
        return new Caller(Caller.Kind.CONSOLE_SESSION, UUID.randomUUID(), organizationId, Role.OWNER, null, null,
                UUID.randomUUID(), true);
    }

    static SecurityContext security(Caller caller) {
        return dev.switchboard.rest.testing.TestSecurity.of(caller);
    }

    /** One recorded audit entry. */
    record AuditEntry(UUID organizationId, Caller actor, String action, String targetType, String targetId,
                      Map<String, Object> details) {
    }

    /** Keeps entries in memory; {@link #failNext} makes the next record throw, to prove the rollback. */
    static final class FakeAuditLog implements AuditLog {
        final List<AuditEntry> entries = new CopyOnWriteArrayList<>();
        volatile boolean failNext;

        @Override
        public void record(Transaction tx, UUID organizationId, Caller actor, String action, String targetType,
                           String targetId, Map<String, Object> details) {
            if (tx == null) {
                throw new IllegalStateException("audit outside a transaction");
            }
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("audit log unavailable");
            }
            entries.add(new AuditEntry(organizationId, actor, action, targetType, targetId, Map.copyOf(details)));
        }

        List<String> actions() {
            return entries.stream().map(AuditEntry::action).toList();
        }
    }

    /** A clock that moves one millisecond per reading, so that v7 ids sort by creation. */
    static final class TickingClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.incrementAndGet());
        }
    }
}
