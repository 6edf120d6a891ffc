package dev.switchboard.foundation.internal;

import dev.switchboard.foundation.IdempotencyStore;
import dev.switchboard.foundation.MapperSet;
import dev.switchboard.foundation.SchemaReady;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.UnitOfWork;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link IdempotencyStore} on table {@code idempotency_keys}. */
@Component(service = IdempotencyStore.class)
public class PostgresIdempotencyStore implements IdempotencyStore {

    static final int MAX_KEY_LENGTH = 255;

    private final UnitOfWork unitOfWork;
    private final MapperSet mappers;
    private final Clock clock;

    @Activate
    public PostgresIdempotencyStore(
            @Reference UnitOfWork unitOfWork,
            @Reference(target = "(" + SchemaReady.MODULE_PROPERTY + "=" + SchemaReady.FOUNDATION + ")") SchemaReady schema) {
        this(unitOfWork, Clock.systemUTC());
    }

    PostgresIdempotencyStore(UnitOfWork unitOfWork, Clock clock) {
        this.unitOfWork = unitOfWork;
        this.mappers = unitOfWork.mappers(IdempotencyMapper.class);
        this.clock = clock;
    }

    @Override
    public Begin begin(UUID organizationId, String key, String requestHash, Duration ttl) {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(requestHash, "requestHash");
        validateKey(key);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        return unitOfWork.inTransaction(tx -> {
            IdempotencyMapper mapper = tx.mapper(mappers, IdempotencyMapper.class);
            if (mapper.claim(organizationId, key, requestHash, clock.instant().plus(ttl)) == 1) {
                return new Begin.Started();
            }
            IdempotencyRow row = mapper.find(organizationId, key);
            if (row == null) {
                // expired between claim and find: the next attempt claims it
                return new Begin.InProgress();
            }
            if (!row.getRequestHash().equals(requestHash)) {
                return new Begin.Mismatch();
            }
            if ("completed".equals(row.getState())) {
                return new Begin.Replay(new StoredResponse(row.getResponseStatus(), row.getResponseContentType(),
                        row.getResponseBody()));
            }
            return new Begin.InProgress();
        });
    }

    @Override
    public void complete(UUID organizationId, String key, StoredResponse response) {
        Objects.requireNonNull(response, "response");
        unitOfWork.run(tx -> tx.mapper(mappers, IdempotencyMapper.class)
                .complete(organizationId, key, response.status(), response.contentType(), response.body()));
    }

    @Override
    public void abandon(UUID organizationId, String key) {
        unitOfWork.run(tx -> tx.mapper(mappers, IdempotencyMapper.class).delete(organizationId, key));
    }

    @Override
    public void deleteOrganization(Transaction tx, UUID organizationId) {
        tx.mapper(mappers, IdempotencyMapper.class).deleteOrganization(organizationId);
    }

    @Override
    public int purgeExpired() {
        return unitOfWork.inTransaction(tx -> tx.mapper(mappers, IdempotencyMapper.class).deleteExpired());
    }

    static void validateKey(String key) {
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
    }
}
