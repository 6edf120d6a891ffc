package dev.switchboard.actions.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Persisted action events: what the server-sent event streams of every engine node read. */
final class ActionEventStore {

    private static final Logger LOG = LoggerFactory.getLogger(ActionEventStore.class);

    private final ActionsStore store;

    ActionEventStore(ActionsStore store) {
        this.store = store;
    }

    /** Publishes after the change it describes committed; a failure is logged, never thrown at the caller. */
    void publish(UUID organizationId, UUID sessionId, String eventType, Map<String, Object> data) {
        try {
            store.unitOfWork().run(tx -> {
                store.events(tx).relaxDurability();
                store.events(tx).lockOrganization(organizationId);
                store.events(tx).insert(organizationId, sessionId, eventType, Json.write(data));
            });
        } catch (RuntimeException e) {
            LOG.warn("action event {} of session {} in organization {} was not stored: {}", eventType, sessionId,
                    organizationId, e.toString());
        }
    }

    /** Events of the organization (or of one session when {@code sessionId} is set) after {@code afterId}. */
    List<Rows.Event> after(UUID organizationId, UUID sessionId, long afterId, int limit) {
        return store.unitOfWork().inTransaction(tx -> store.events(tx).after(organizationId, sessionId, afterId, limit));
    }

    long lastId(UUID organizationId, UUID sessionId) {
        return store.unitOfWork().inTransaction(tx -> store.events(tx).lastId(organizationId, sessionId));
    }
}
