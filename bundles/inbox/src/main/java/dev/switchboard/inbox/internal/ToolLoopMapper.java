package dev.switchboard.inbox.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of inbox_tool_loops. Every statement names the organization, except the resumer's scan of all. */
public interface ToolLoopMapper {

    String ROW = "message_id, organization_id, skill, session_id, status, iteration, conversation::text AS conversation,"
            + " pending_invocation_id, pending_tool_call_id, next_check_at, final_text, final_error";

    @Insert("INSERT INTO inbox_tool_loops (message_id, organization_id, skill) VALUES (#{messageId}, #{organizationId},"
            + " #{skill}) ON CONFLICT (message_id) DO NOTHING")
    int create(@Param("organizationId") UUID organizationId, @Param("messageId") UUID messageId,
               @Param("skill") String skill);

    /**
     * Takes the loop for {@code until} unless another dispatch holds it; a finished loop is returned as it is (its
     * outcome is final). {@code null} when another holds it.
     */
    @Select("UPDATE inbox_tool_loops SET claimed_until = CASE WHEN status = 'done' THEN claimed_until ELSE #{until} END,"
            + " updated_at = now() WHERE organization_id = #{organizationId} AND message_id = #{messageId}"
            + " AND (status = 'done' OR claimed_until IS NULL OR claimed_until < #{now}) RETURNING " + ROW)
    ToolLoopRow claim(@Param("organizationId") UUID organizationId, @Param("messageId") UUID messageId,
                      @Param("now") Instant now, @Param("until") Instant until);

    @Update("UPDATE inbox_tool_loops SET session_id = #{sessionId}, updated_at = now()"
            + " WHERE organization_id = #{organizationId} AND message_id = #{messageId}")
    int setSession(@Param("organizationId") UUID organizationId, @Param("messageId") UUID messageId,
                   @Param("sessionId") UUID sessionId);

    /** The conversation and iterations so far, nothing pending. */
    @Update("UPDATE inbox_tool_loops SET status = 'running', iteration = #{iteration},"
            + " conversation = CAST(#{conversation} AS jsonb), pending_invocation_id = NULL, pending_tool_call_id = NULL,"
            + " next_check_at = NULL, updated_at = now() WHERE organization_id = #{organizationId}"
            + " AND message_id = #{messageId}")
    int save(@Param("organizationId") UUID organizationId, @Param("messageId") UUID messageId,
             @Param("iteration") int iteration, @Param("conversation") String conversation);

    /** Waits for {@code invocationId}, the answer to {@code toolCallId}; released for whoever resumes it. */
    @Update("UPDATE inbox_tool_loops SET status = 'waiting', iteration = #{iteration},"
            + " conversation = CAST(#{conversation} AS jsonb), pending_invocation_id = #{invocationId},"
            + " pending_tool_call_id = #{toolCallId}, next_check_at = #{nextCheckAt}, claimed_until = NULL,"
            + " updated_at = now() WHERE organization_id = #{organizationId} AND message_id = #{messageId}")
    int waitFor(@Param("organizationId") UUID organizationId, @Param("messageId") UUID messageId,
                @Param("iteration") int iteration, @Param("conversation") String conversation,
                @Param("invocationId") UUID invocationId, @Param("toolCallId") String toolCallId,
                @Param("nextCheckAt") Instant nextCheckAt);

    @Update("UPDATE inbox_tool_loops SET claimed_until = NULL, updated_at = now()"
            + " WHERE organization_id = #{organizationId} AND message_id = #{messageId}")
    int release(@Param("organizationId") UUID organizationId, @Param("messageId") UUID messageId);

    @Update("UPDATE inbox_tool_loops SET status = 'done', final_text = #{text}, final_error = #{error},"
            + " pending_invocation_id = NULL, pending_tool_call_id = NULL, next_check_at = NULL, claimed_until = NULL,"
            + " updated_at = now() WHERE organization_id = #{organizationId} AND message_id = #{messageId}")
    int finish(@Param("organizationId") UUID organizationId, @Param("messageId") UUID messageId,
               @Param("text") String text, @Param("error") String error);

    @Select("SELECT " + ROW + " FROM inbox_tool_loops WHERE organization_id = #{organizationId}"
            + " AND message_id = #{messageId}")
    ToolLoopRow get(@Param("organizationId") UUID organizationId, @Param("messageId") UUID messageId);

    /** Waiting loops due for a look at their invocation; locked, skipping rows another node holds. */
    @Select("SELECT " + ROW + " FROM inbox_tool_loops WHERE status = 'waiting' AND next_check_at <= #{now}"
            + " ORDER BY next_check_at LIMIT #{limit} FOR UPDATE SKIP LOCKED")
    List<ToolLoopRow> due(@Param("now") Instant now, @Param("limit") int limit);

    /**
     * The loop of the organization waiting for the invocation, locked; null when none waits, a dispatch of its
     * message is queued already, or another node holds it.
     */
    @Select("SELECT " + ROW + " FROM inbox_tool_loops WHERE organization_id = #{organizationId} AND status = 'waiting'"
            + " AND pending_invocation_id = #{invocationId} AND next_check_at IS NOT NULL FOR UPDATE SKIP LOCKED")
    ToolLoopRow waitingFor(@Param("organizationId") UUID organizationId, @Param("invocationId") UUID invocationId);

    /** The next look at a waiting loop's invocation; {@code null} when a dispatch of its message is queued. */
    @Update("UPDATE inbox_tool_loops SET next_check_at = #{nextCheckAt} WHERE organization_id = #{organizationId}"
            + " AND message_id = #{messageId}")
    int checkAgain(@Param("organizationId") UUID organizationId, @Param("messageId") UUID messageId,
                   @Param("nextCheckAt") Instant nextCheckAt);
}
