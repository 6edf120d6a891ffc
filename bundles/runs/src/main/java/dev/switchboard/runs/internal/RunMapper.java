package dev.switchboard.runs.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * Owner of automation_runs and automation_run_events. Every statement names the organization except the
 * finalizer's scans, which work across organizations and return rows that name theirs.
 */
public interface RunMapper {

    String ROW = "id, organization_id, automation_id, source, trigger_id, trigger_event_id, schedule_id, dedup_key, status,"
            + " status_reason, failure_stage, lease_owner, lease_expires_at, lease_version, attempt,"
            + " enrichment_started_at, enrichment_completed_at, execution_started_at, prompt_sent_at, completed_at,"
            + " last_activity_at, deadline_at, session_id, completion_id, completion_json::text AS completion_json,"
            + " enrichment_json::text AS enrichment_json, context_json::text AS context_json, error_code, error_message, assigned_to, assigned_at,"
            + " resolved_by, resolved_at, created_at, updated_at";
    String TERMINAL = "('succeeded', 'failed', 'needs_human', 'timed_out', 'canceled')";

    /**
     * Inserts the runs of {@code runs} (a JSON array of objects with the fields of {@code p} below) and an
     * {@code enqueue_enrich} outbox row for each run inserted, in one statement; returns the ids of the runs inserted.
     * A run whose dedup key the organization already has, or whose automation is not its organization's, is left out
     * (and so is its outbox row). The outbox rows are written here rather than by {@link OutboxMapper} so that a batch
     * of runs costs one round trip.
     */
    @Select("WITH planned AS (SELECT * FROM jsonb_to_recordset(CAST(#{runs} AS jsonb)) AS p(id uuid, outbox_id uuid,"
            + " organization_id uuid, automation_id uuid, source text, trigger_id uuid, trigger_event_id uuid,"
            + " schedule_id uuid, dedup_key text, context jsonb)),"
            + " created AS (INSERT INTO automation_runs (id, organization_id, automation_id, source, trigger_id,"
            + " trigger_event_id, schedule_id, dedup_key, context_json, last_activity_at, deadline_at) SELECT p.id,"
            + " a.organization_id, a.id, p.source, p.trigger_id, p.trigger_event_id, p.schedule_id, p.dedup_key, p.context,"
            + " now(), now() + a.deadline_seconds * interval '1 second' FROM planned p JOIN automations a"
            + " ON a.organization_id = p.organization_id AND a.id = p.automation_id"
            + " ON CONFLICT (organization_id, dedup_key) DO NOTHING RETURNING id, organization_id),"
            + " queued AS (INSERT INTO outbox (id, organization_id, kind, payload) SELECT p.outbox_id, c.organization_id,"
            + " '" + dev.switchboard.runs.RunHandoff.ENQUEUE_ENRICH + "', jsonb_build_object('runId', c.id)"
            + " FROM created c JOIN planned p ON p.id = c.id)"
            + " SELECT id FROM created")
    @Options(flushCache = Options.FlushCachePolicy.TRUE)
    List<UUID> insertAll(@Param("runs") String runs);

    @Select("SELECT count(*) FROM automations WHERE organization_id = #{organizationId} AND id = #{automationId}")
    int automationExists(@Param("organizationId") UUID organizationId, @Param("automationId") UUID automationId);

    @Update("UPDATE automation_runs SET status = 'canceled', status_reason = #{reason}, completed_at = now(),"
            + " updated_at = now() WHERE organization_id = #{organizationId} AND trigger_event_id = #{triggerEventId}"
            + " AND status = 'queued'")
    int cancelQueued(@Param("organizationId") UUID organizationId, @Param("triggerEventId") UUID triggerEventId,
                     @Param("reason") String reason);

    @Select("SELECT id FROM automation_runs WHERE organization_id = #{organizationId}"
            + " AND trigger_event_id = #{triggerEventId}")
    UUID idOfTriggerEvent(@Param("organizationId") UUID organizationId, @Param("triggerEventId") UUID triggerEventId);

    @Delete("DELETE FROM automation_runs WHERE organization_id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);

    @Select("SELECT " + ROW + " FROM automation_runs WHERE organization_id = #{organizationId} AND id = #{id}")
    RunRow row(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Select("SELECT " + ROW + " FROM automation_runs WHERE organization_id = #{organizationId} AND id = #{id} FOR UPDATE")
    RunRow lock(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    /**
     * Takes the run's lease for a stage when it is in one of {@code statuses} and nobody else holds an unexpired
     * lease; the new lease version, or {@code null} when the run is not to be worked on here.
     */
    @Select("<script>UPDATE automation_runs SET lease_owner = #{owner}, lease_expires_at = now() + #{seconds} * interval '1 second',"
            + " lease_version = lease_version + 1, attempt = attempt + 1, updated_at = now()"
            + " WHERE organization_id = #{organizationId} AND id = #{id} AND status IN"
            + "<foreach item='status' collection='statuses' open='(' separator=',' close=')'>#{status}</foreach>"
            + " AND (lease_expires_at IS NULL OR lease_expires_at &lt; now() OR lease_owner = #{owner}"
            + " OR starts_with(lease_owner, #{earlier}))"
            + " RETURNING lease_version</script>")
    Integer claim(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
                  @Param("statuses") List<String> statuses, @Param("owner") String owner,
                  @Param("earlier") String earlier, @Param("seconds") int seconds);

    /** Moves the run between non-terminal statuses under the lease {@code version}; 1 when it moved. */
    @Update("UPDATE automation_runs SET status = #{to}, updated_at = now(),"
            + " enrichment_started_at = CASE WHEN #{to} = 'enriching' THEN coalesce(enrichment_started_at, now())"
            + " ELSE enrichment_started_at END"
            + " WHERE organization_id = #{organizationId} AND id = #{id} AND status = #{from} AND lease_version = #{version}")
    int move(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("from") String from,
             @Param("to") String to, @Param("version") int version);

    @Update("UPDATE automation_runs SET status = 'ready', enrichment_json = CAST(#{json} AS jsonb),"
            + " enrichment_completed_at = now(), lease_owner = NULL, lease_expires_at = NULL, updated_at = now()"
            + " WHERE organization_id = #{organizationId} AND id = #{id} AND status = 'enriching'"
            + " AND lease_version = #{version}")
    int enriched(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("json") String json,
                 @Param("version") int version);

    /** The completion id a run's agent must present; set once, before the prompt leaves. */
    @Update("UPDATE automation_runs SET completion_id = coalesce(completion_id, #{completionId})"
            + " WHERE organization_id = #{organizationId} AND id = #{id}")
    int setCompletionId(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
                        @Param("completionId") String completionId);

    @Update("UPDATE automation_runs SET status = 'running', session_id = #{sessionId},"
            + " execution_started_at = coalesce(execution_started_at, now()), prompt_sent_at = coalesce(prompt_sent_at, now()),"
            + " last_activity_at = now(), lease_owner = NULL, lease_expires_at = NULL, updated_at = now()"
            + " WHERE organization_id = #{organizationId} AND id = #{id} AND status = 'ready' AND lease_version = #{version}")
    int running(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("sessionId") UUID sessionId,
                @Param("version") int version);

    /** How a run ends. */
    record Finish(String to, String reason, String stage, String errorCode, String errorMessage, String completionId,
                  String completionJson, UUID sessionId) {

        static Finish failed(String reason, String stage, String message) {
            return new Finish("failed", reason, stage, reason, message, null, null, null);
        }

        static Finish of(String to, String reason) {
            return new Finish(to, reason, null, null, null, null, null, null);
        }
    }

    /** Ends a run that has not ended; 1 when it ended now. */
    @Update("UPDATE automation_runs SET status = #{f.to}, status_reason = #{f.reason}, failure_stage = #{f.stage},"
            + " error_code = #{f.errorCode}, error_message = #{f.errorMessage}, completed_at = now(),"
            + " completion_id = coalesce(#{f.completionId}, completion_id),"
            + " completion_json = coalesce(CAST(#{f.completionJson} AS jsonb), completion_json),"
            + " session_id = coalesce(session_id, #{f.sessionId}),"
            + " lease_owner = NULL, lease_expires_at = NULL, updated_at = now()"
            + " WHERE organization_id = #{organizationId} AND id = #{id} AND status NOT IN " + TERMINAL)
    int finish(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("f") Finish finish);

    /** A person resolves a run that waits for one. */
    @Update("UPDATE automation_runs SET status = #{to}, status_reason = #{reason}, resolved_by = #{userId},"
            + " resolved_at = now(), completed_at = now(), updated_at = now()"
            + " WHERE organization_id = #{organizationId} AND id = #{id} AND status = 'needs_human'")
    int resolve(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("to") String to,
                @Param("reason") String reason, @Param("userId") UUID userId);

    @Update("UPDATE automation_runs SET last_activity_at = #{at} WHERE organization_id = #{organizationId} AND id = #{id}"
            + " AND (last_activity_at IS NULL OR last_activity_at < #{at})")
    int touch(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("at") Instant at);

    @Update("UPDATE automation_runs SET assigned_to = #{userId}, assigned_at = now(), updated_at = now()"
            + " WHERE organization_id = #{organizationId} AND id = #{id}"
            + " AND (assigned_to IS NULL OR assigned_to = #{userId})")
    int assign(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("userId") UUID userId);

    @Update("UPDATE automation_runs SET assigned_to = NULL, assigned_at = NULL, updated_at = now()"
            + " WHERE organization_id = #{organizationId} AND id = #{id} AND assigned_to IS NOT DISTINCT FROM #{expected}")
    int unassign(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("expected") UUID expected);

    /** Running runs past their deadline or without activity since {@code inactiveBefore}, across organizations. */
    @Select("SELECT " + ROW + " FROM automation_runs WHERE status = 'running'"
            + " AND (deadline_at < #{now} OR last_activity_at < #{inactiveBefore}) ORDER BY updated_at LIMIT #{limit}")
    List<RunRow> staleRunning(@Param("now") Instant now, @Param("inactiveBefore") Instant inactiveBefore,
                              @Param("limit") int limit);

    /** Runs that never got to run and are past their deadline, across organizations. */
    @Select("SELECT " + ROW + " FROM automation_runs WHERE status IN ('queued', 'enriching', 'ready')"
            + " AND deadline_at < #{now} ORDER BY deadline_at LIMIT #{limit}")
    List<RunRow> overdueBeforeRunning(@Param("now") Instant now, @Param("limit") int limit);

    @Select("<script>SELECT " + ROW + " FROM automation_runs WHERE organization_id = #{organizationId}"
            + "<if test='status != null'> AND status = #{status}</if>"
            + "<if test='automationId != null'> AND automation_id = #{automationId}</if>"
            + "<if test='assignedTo != null'> AND assigned_to = #{assignedTo}</if>"
            + "<if test='after != null'> AND id &lt; #{after}</if> ORDER BY id DESC LIMIT #{limit}</script>")
    List<RunRow> list(@Param("organizationId") UUID organizationId, @Param("status") String status,
                      @Param("automationId") UUID automationId, @Param("assignedTo") UUID assignedTo,
                      @Param("after") UUID after, @Param("limit") int limit);

    @Insert("INSERT INTO automation_run_events (id, organization_id, run_id, type, from_status, to_status, data)"
            + " VALUES (#{id}, #{organizationId}, #{runId}, #{type}, #{from}, #{to}, CAST(#{data} AS jsonb))")
    int insertEvent(@Param("id") UUID id, @Param("organizationId") UUID organizationId, @Param("runId") UUID runId,
                    @Param("type") String type, @Param("from") String from, @Param("to") String to,
                    @Param("data") String data);

    /** A run event. */
    record RunEvent(UUID id, String type, String fromStatus, String toStatus, String data, Instant createdAt) {
    }

    @Select("SELECT id, type, from_status, to_status, data::text AS data, created_at FROM automation_run_events"
            + " WHERE organization_id = #{organizationId} AND run_id = #{runId} ORDER BY created_at, id")
    List<RunEvent> events(@Param("organizationId") UUID organizationId, @Param("runId") UUID runId);

    @Delete("DELETE FROM automation_run_events WHERE organization_id = #{organizationId}")
    int deleteEvents(@Param("organizationId") UUID organizationId);

    @Select("SELECT count(*) FROM members WHERE organization_id = #{organizationId} AND user_id = #{userId}")
    int memberExists(@Param("organizationId") UUID organizationId, @Param("userId") UUID userId);

    /** Events of runs that ended before {@code before}. */
    @Delete("DELETE FROM automation_run_events e USING automation_runs r WHERE e.run_id = r.id"
            + " AND r.status IN " + TERMINAL + " AND r.completed_at < #{before}")
    int pruneEvents(@Param("before") Instant before);
}
