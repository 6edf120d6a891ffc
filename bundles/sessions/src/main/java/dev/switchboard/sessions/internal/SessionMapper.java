package dev.switchboard.sessions.internal;

import dev.switchboard.sessions.SessionRef;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of sessions and session_connections. Every statement names the organization. */
public interface SessionMapper {

    @Insert("INSERT INTO sessions (id, organization_id, created_by, session_type, title)"
            + " VALUES (#{id}, #{organizationId}, #{createdBy}, #{sessionType}, #{title})")
    int insert(@Param("id") UUID id, @Param("organizationId") UUID organizationId, @Param("createdBy") UUID createdBy,
               @Param("sessionType") String sessionType, @Param("title") String title);

    @Select("SELECT id, organization_id, created_by, session_type, status, title, created_at FROM sessions"
            + " WHERE organization_id = #{organizationId} AND id = #{id}")
    SessionRef get(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Insert("INSERT INTO session_connections (session_id, integration_id, organization_id)"
            + " SELECT id, #{integrationId}, organization_id FROM sessions"
            + " WHERE organization_id = #{organizationId} AND id = #{sessionId} ON CONFLICT DO NOTHING")
    int connect(@Param("organizationId") UUID organizationId, @Param("sessionId") UUID sessionId,
                @Param("integrationId") UUID integrationId);

    @Select("SELECT integration_id FROM session_connections WHERE organization_id = #{organizationId}"
            + " AND session_id = #{sessionId} ORDER BY created_at, integration_id")
    List<UUID> connections(@Param("organizationId") UUID organizationId, @Param("sessionId") UUID sessionId);

    @Delete("DELETE FROM session_connections WHERE organization_id = #{organizationId}")
    int deleteConnections(@Param("organizationId") UUID organizationId);

    @Delete("DELETE FROM sessions WHERE organization_id = #{organizationId}")
    int deleteSessions(@Param("organizationId") UUID organizationId);

    String ROW = "id, organization_id, created_by, session_type, status, title, client_type, workspace::text AS workspace,"
            + " agent_command::text AS agent_command, sandbox_provider, sandbox_id, snapshot_id, expires_at,"
            + " idle_timeout_seconds, auto_delete_at, initial_prompt, prompt_sent_at, last_activity_at, status_reason,"
            + " event_seq, created_at, updated_at, ended_at";

    @Insert("INSERT INTO sessions (id, organization_id, created_by, session_type, title, client_type, workspace,"
            + " agent_command, sandbox_provider, idle_timeout_seconds, auto_delete_at, initial_prompt)"
            + " VALUES (#{id}, #{organizationId}, #{createdBy}, #{sessionType}, #{title}, #{clientType},"
            + " CAST(#{workspace} AS jsonb), CAST(#{agentCommand} AS jsonb), #{sandboxProvider}, #{idleTimeoutSeconds},"
            + " #{autoDeleteAt}, #{initialPrompt})")
    int insertRow(SessionRow row);

    @Select("SELECT " + ROW + " FROM sessions WHERE organization_id = #{organizationId} AND id = #{id}")
    SessionRow row(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Select("SELECT " + ROW + " FROM sessions WHERE organization_id = #{organizationId} AND id = #{id} FOR UPDATE")
    SessionRow lock(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Select("<script>SELECT " + ROW + " FROM sessions WHERE organization_id = #{organizationId}"
            + "<if test='status != null'> AND status = #{status}</if>"
            + "<if test='after != null'> AND id &lt; #{after}</if> ORDER BY id DESC LIMIT #{limit}</script>")
    List<SessionRow> list(@Param("organizationId") UUID organizationId, @Param("status") String status,
                          @Param("after") UUID after, @Param("limit") int limit);

    @Update("UPDATE sessions SET status = #{to}, status_reason = #{reason}, updated_at = now(),"
            + " ended_at = CASE WHEN #{to} IN ('stopped', 'failed') THEN now() ELSE ended_at END"
            + " WHERE organization_id = #{organizationId} AND id = #{id} AND status = #{from}")
    int transition(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("from") String from,
                   @Param("to") String to, @Param("reason") String reason);

    @Update("UPDATE sessions SET sandbox_provider = #{provider}, sandbox_id = #{sandboxId}, expires_at = #{expiresAt},"
            + " updated_at = now() WHERE organization_id = #{organizationId} AND id = #{id}")
    int setSandbox(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("provider") String provider,
                   @Param("sandboxId") String sandboxId, @Param("expiresAt") java.time.Instant expiresAt);

    @Update("UPDATE sessions SET snapshot_id = #{snapshotId}, updated_at = now() WHERE organization_id = #{organizationId}"
            + " AND id = #{id}")
    int setSnapshot(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("snapshotId") String snapshotId);

    /** Marks the first prompt delivered; 1 only for the caller that delivers it (exactly once). */
    @Update("UPDATE sessions SET prompt_sent_at = now() WHERE organization_id = #{organizationId} AND id = #{id}"
            + " AND prompt_sent_at IS NULL AND initial_prompt IS NOT NULL")
    int markPromptSent(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Update("UPDATE sessions SET title = #{title}, updated_at = now() WHERE organization_id = #{organizationId} AND id = #{id}")
    int rename(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("title") String title);

    @Delete("DELETE FROM sessions WHERE organization_id = #{organizationId} AND id = #{id}")
    int delete(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Delete("DELETE FROM session_events WHERE organization_id = #{organizationId}")
    int deleteEvents(@Param("organizationId") UUID organizationId);

    /**
     * Running sessions with a sandbox idle for longer than their idle timeout; locked, skipping rows another node
     * holds. Sessions without a sandbox have nothing to pause: their owner stops them.
     */
    @Select("SELECT " + ROW + " FROM sessions WHERE status = 'running' AND sandbox_provider IS DISTINCT FROM 'none'"
            + " AND last_activity_at < now() - make_interval(secs => idle_timeout_seconds) AND turn_started_at IS NULL"
            + " ORDER BY last_activity_at LIMIT #{limit} FOR UPDATE SKIP LOCKED")
    List<SessionRow> idle(@Param("limit") int limit);

    /** Running sessions whose sandbox expires before {@code before}; locked, skipping rows another node holds. */
    @Select("SELECT " + ROW + " FROM sessions WHERE status = 'running' AND expires_at IS NOT NULL"
            + " AND expires_at < #{before} AND turn_started_at IS NULL ORDER BY expires_at LIMIT #{limit}"
            + " FOR UPDATE SKIP LOCKED")
    List<SessionRow> expiring(@Param("before") java.time.Instant before, @Param("limit") int limit);

    /** Deletes sessions that ended before {@code before} (their events go with them). */
    @Delete("DELETE FROM sessions WHERE status IN ('stopped', 'failed') AND ended_at < #{before}")
    int deleteEndedBefore(@Param("before") java.time.Instant before);

    /**
     * Marks a turn as started unless one is in progress (one that started before {@code staleBefore} counts as
     * abandoned by a node that died); 1 when this caller may run the turn.
     */
    @Update("UPDATE sessions SET turn_started_at = now(), last_activity_at = now() WHERE organization_id = #{organizationId}"
            + " AND id = #{id} AND status = 'running' AND (turn_started_at IS NULL OR turn_started_at < #{staleBefore})")
    int beginTurn(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
                  @Param("staleBefore") java.time.Instant staleBefore);

    @Update("UPDATE sessions SET turn_started_at = NULL, last_activity_at = now() WHERE organization_id = #{organizationId}"
            + " AND id = #{id}")
    int endTurn(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Update("UPDATE sessions SET workspace = CAST(#{workspace} AS jsonb), updated_at = now()"
            + " WHERE organization_id = #{organizationId} AND id = #{id}")
    int setWorkspace(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
                     @Param("workspace") String workspace);

    /** Serialises starts with the same origin key (until the transaction ends). */
    @Select("SELECT pg_advisory_xact_lock(hashtext(#{key}))")
    Object lockOrigin(@Param("key") String key);

    @Select("SELECT " + ROW + " FROM sessions WHERE organization_id = #{organizationId} AND origin_key = #{originKey}")
    SessionRow byOrigin(@Param("organizationId") UUID organizationId, @Param("originKey") String originKey);

    @Update("UPDATE sessions SET origin_key = #{originKey}, start_files = CAST(#{startFiles} AS jsonb)"
            + " WHERE organization_id = #{organizationId} AND id = #{id}")
    int setOrigin(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
                  @Param("originKey") String originKey, @Param("startFiles") String startFiles);

    @Select("SELECT start_files::text FROM sessions WHERE organization_id = #{organizationId} AND id = #{id}")
    String startFiles(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Select("SELECT turn_started_at FROM sessions WHERE organization_id = #{organizationId} AND id = #{id}")
    java.time.Instant turnStartedAt(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    /** A session to start again. */
    record Stalled(UUID organizationId, UUID id) {
    }

    /**
     * Sessions left {@code starting} since before {@code before} (the node starting them stopped); their
     * {@code updated_at} moves on, so each is retried at most once per period, by one node.
     */
    @Select("UPDATE sessions SET updated_at = now() WHERE id IN (SELECT id FROM sessions WHERE status = 'starting'"
            + " AND updated_at < #{before} ORDER BY updated_at LIMIT #{limit} FOR UPDATE SKIP LOCKED)"
            + " RETURNING organization_id, id")
    List<Stalled> stalledStarts(@Param("before") java.time.Instant before, @Param("limit") int limit);
}
