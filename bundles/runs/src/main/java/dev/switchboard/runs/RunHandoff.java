package dev.switchboard.runs;

import dev.switchboard.foundation.Transaction;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Creates automation runs inside the caller's transaction: the run row (status {@code queued}) and an outbox
 * entry {@value #ENQUEUE_ENRICH} that starts its pipeline. Either both commit with the caller's own rows (the
 * trigger event, the schedule's fire) or nothing does.
 */
@org.osgi.annotation.versioning.ProviderType
public interface RunHandoff {

    /** The outbox kind that starts a run's enrichment. */
    String ENQUEUE_ENRICH = "enqueue_enrich";

    /**
     * Inserts the run and its outbox entry; empty when a run with the same dedup key already exists in the
     * organization (nothing is written then). Fails when the automation is not the organization's.
     */
    Optional<UUID> createRun(Transaction tx, NewRun run);

    /**
     * The same with the run's id chosen by the caller (e.g. to record it on the trigger event in the event's own
     * insert); {@code runId} must be new (a UUIDv7 from the foundation's {@code Ids}).
     */
    Optional<UUID> createRun(Transaction tx, UUID runId, NewRun run);

    /**
     * Creates several runs and their outbox entries at once (one round trip to the database, e.g. for deliveries
     * recorded together): {@code runs} maps each run's new id (a UUIDv7 from the foundation's {@code Ids}) to the
     * run. Returns the ids of the runs created; a run whose dedup key its organization already has is not. Fails when
     * an automation is not its organization's; the caller's transaction must then roll back.
     */
    Set<UUID> createRuns(Transaction tx, Map<UUID, NewRun> runs);

    /** Cancels the run of {@code triggerEventId} if it is still queued; whether one was canceled. */
    boolean cancelQueued(Transaction tx, UUID organizationId, UUID triggerEventId, String reason);
}
