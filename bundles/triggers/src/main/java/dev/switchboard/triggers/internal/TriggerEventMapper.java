package dev.switchboard.triggers.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of trigger_events. Every statement but the retry scan names the organization or the trigger. */
public interface TriggerEventMapper {

    String COLUMNS = "id, trigger_id, organization_id, external_event_id, event_type, status, skip_reason, dedup_key,"
            + " raw_payload::text AS raw_payload, parsed_context::text AS parsed_context, run_id, session_id,"
            + " error_message, handoff_attempts, processed_at, created_at, message_id";

    /** Inserts unless the trigger already has an event with the dedup key; 1 when inserted. */
    @Insert("INSERT INTO trigger_events (id, trigger_id, organization_id, external_event_id, event_type, status,"
            + " skip_reason, dedup_key, raw_payload, parsed_context, run_id, error_message, next_attempt_at, processed_at)"
            + " VALUES (#{id}, #{triggerId}, #{organizationId}, #{externalEventId}, #{eventType}, #{status}, #{skipReason},"
            + " #{dedupKey}, CAST(#{rawPayload} AS jsonb), CAST(#{parsedContext} AS jsonb), #{runId}, #{errorMessage},"
            + " #{nextAttemptAt}, CASE WHEN #{status} = 'skipped' THEN now() END)"
            + " ON CONFLICT (trigger_id, dedup_key) DO NOTHING")
    int insert(Rows.NewEvent event);

    /**
     * Inserts the events of {@code events} (a JSON array of objects with the fields of {@code e} below) whose dedup
     * key their trigger does not have yet, in one statement, in their order (of two with one key the first is
     * inserted); returns the ids inserted. No event inserted here waits for a retried hand-off.
     */
    @Select("INSERT INTO trigger_events (id, trigger_id, organization_id, external_event_id, event_type, status,"
            + " skip_reason, dedup_key, raw_payload, parsed_context, run_id, processed_at) SELECT e.id, e.trigger_id,"
            + " e.organization_id, e.external_event_id, e.event_type, e.status, e.skip_reason, e.dedup_key, e.raw_payload,"
            + " e.parsed_context, e.run_id, CASE WHEN e.status = 'skipped' THEN now() END"
            + " FROM jsonb_to_recordset(CAST(#{events} AS jsonb)) AS e(id uuid, trigger_id uuid, organization_id uuid,"
            + " external_event_id text, event_type text, status text, skip_reason text, dedup_key text, raw_payload jsonb,"
            + " parsed_context jsonb, run_id uuid)"
            + " ON CONFLICT (trigger_id, dedup_key) DO NOTHING RETURNING id")
    @Options(flushCache = Options.FlushCachePolicy.TRUE)
    List<UUID> insertAll(@Param("events") String events);

    /**
     * Frees a dedup key whose event is older than {@code before} (sources with a dedup window), so the same key
     * can be recorded again; the old event keeps its row with the key suffixed by its id.
     */
    @Update("UPDATE trigger_events SET dedup_key = dedup_key || '#' || id WHERE trigger_id = #{triggerId}"
            + " AND dedup_key = #{dedupKey} AND created_at < #{before}")
    int retireDedupKey(@Param("triggerId") UUID triggerId, @Param("dedupKey") String dedupKey,
                       @Param("before") Instant before);

    @Update("UPDATE trigger_events SET run_id = #{runId}, next_attempt_at = NULL, error_message = NULL"
            + " WHERE organization_id = #{organizationId} AND id = #{id}")
    int linkRun(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("runId") UUID runId);

    /** An event handed to the inbox: it names its message and is done (the message has its own status). */
    @Update("UPDATE trigger_events SET message_id = #{messageId}, status = 'completed', processed_at = now(),"
            + " next_attempt_at = NULL, error_message = NULL WHERE organization_id = #{organizationId} AND id = #{id}")
    int linkMessage(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
                    @Param("messageId") UUID messageId);

    @Select("SELECT " + COLUMNS + " FROM trigger_events WHERE organization_id = #{organizationId} AND id = #{id}")
    Rows.EventRow get(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Select("<script>SELECT " + COLUMNS + " FROM trigger_events WHERE organization_id = #{organizationId}"
            + "<if test='triggerId != null'> AND trigger_id = #{triggerId}</if>"
            + "<if test='status != null'> AND status = #{status}</if>"
            + "<if test='after != null'> AND id &lt; #{after}</if>"
            + " ORDER BY id DESC LIMIT #{limit}</script>")
    List<Rows.EventRow> list(@Param("organizationId") UUID organizationId, @Param("triggerId") UUID triggerId,
                             @Param("status") String status, @Param("after") UUID after, @Param("limit") int limit);

    @Select("SELECT status, count(*) AS count FROM trigger_events WHERE organization_id = #{organizationId}"
            + " AND trigger_id = #{triggerId} GROUP BY status ORDER BY status")
    List<Rows.StatusCount> countByStatus(@Param("organizationId") UUID organizationId, @Param("triggerId") UUID triggerId);

    @Update("UPDATE trigger_events SET status = 'skipped', skip_reason = 'manual', processed_at = now(),"
            + " next_attempt_at = NULL WHERE organization_id = #{organizationId} AND id = #{id} AND status = 'queued'")
    int skipQueued(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    /** Queued events whose run could not be created and whose next attempt is due. */
    @Select("SELECT " + COLUMNS + " FROM trigger_events WHERE status = 'queued' AND run_id IS NULL"
            + " AND next_attempt_at <= #{now} ORDER BY next_attempt_at LIMIT #{limit}")
    List<Rows.EventRow> dueForHandoff(@Param("now") Instant now, @Param("limit") int limit);

    /** Locks one due event for its retried hand-off; null when another node holds it or it is no longer due. */
    @Select("SELECT " + COLUMNS + " FROM trigger_events WHERE id = #{id} AND status = 'queued' AND run_id IS NULL"
            + " AND next_attempt_at <= #{now} FOR UPDATE SKIP LOCKED")
    Rows.EventRow claimForHandoff(@Param("id") UUID id, @Param("now") Instant now);

    @Update("UPDATE trigger_events SET handoff_attempts = handoff_attempts + 1, next_attempt_at = #{next},"
            + " error_message = #{error} WHERE organization_id = #{organizationId} AND id = #{id}")
    int handoffFailed(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("next") Instant next,
                      @Param("error") String error);

    @Update("UPDATE trigger_events SET status = 'skipped', skip_reason = 'run_create_failed', processed_at = now(),"
            + " next_attempt_at = NULL, handoff_attempts = handoff_attempts + 1, error_message = #{error}"
            + " WHERE organization_id = #{organizationId} AND id = #{id}")
    int giveUp(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("error") String error);

    @Delete("DELETE FROM trigger_events WHERE organization_id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);

    /** The event follows its run: processing, then completed or failed (a skipped event stays skipped). */
    @Update("UPDATE trigger_events SET status = #{status}, session_id = coalesce(#{sessionId}, session_id),"
            + " error_message = #{error}, processed_at = CASE WHEN #{status} IN ('completed', 'failed') THEN now()"
            + " ELSE processed_at END WHERE organization_id = #{organizationId} AND id = #{id} AND status <> 'skipped'")
    int followRun(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("status") String status,
                  @Param("sessionId") UUID sessionId, @Param("error") String error);

    /** Retention: raw payloads of finished events created before {@code before}. */
    @Update("UPDATE trigger_events SET raw_payload = '{\"_pruned\": true}'::jsonb WHERE created_at < #{before}"
            + " AND status IN ('completed', 'failed', 'skipped') AND NOT raw_payload @> '{\"_pruned\": true}'::jsonb")
    int prunePayloads(@Param("before") Instant before);

    /** Retention: finished events created before {@code before}. */
    @Delete("DELETE FROM trigger_events WHERE created_at < #{before} AND status IN ('completed', 'failed', 'skipped')")
    int deleteFinished(@Param("before") Instant before);
}
