package dev.switchboard.identity.internal;

import dev.switchboard.foundation.Ids;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.rest.Caller;
import java.util.Map;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Writes audit entries on the caller's transaction. */
@Component(service = {AuditLog.class, AuditLogService.class})
public class AuditLogService implements AuditLog {

    private final IdentityStore store;

    @Activate
    public AuditLogService(@Reference IdentityStore store) {
        this.store = store;
    }

    @Override
    public void record(Transaction tx, UUID organizationId, Caller actor, String action, String targetType,
                       String targetId, Map<String, Object> details) {
        store.audit(tx).insert(Ids.newId(), organizationId, actor == null ? null : actor.userId(),
                actor == null ? null : actor.realUserId(),
                actor == null ? "system" : actor.kind().name().toLowerCase(java.util.Locale.ROOT),
                action, targetType, targetId, Json.object(details == null ? Map.of() : details));
    }
}
