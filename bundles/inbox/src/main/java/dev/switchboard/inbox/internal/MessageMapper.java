package dev.switchboard.inbox.internal;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of inbound_messages. Every statement names the organization. */
public interface MessageMapper {

    String ROW = "id, organization_id, source, sender, subject, text, posted_by, status, matched_skill, confidence,"
            + " extracted_fields::text AS extracted_fields, summary, act::text AS act, act_pending, not_matched_reason,"
            + " not_matched_detail, result, run_id, error, created_at, processed_at, target_skill, origin_key,"
            + " (SELECT l.session_id FROM inbox_tool_loops l WHERE l.message_id = inbound_messages.id) AS session_id";

    @Insert("INSERT INTO inbound_messages (id, organization_id, source, sender, subject, text, posted_by)"
            + " VALUES (#{id}, #{organizationId}, #{source}, #{sender}, #{subject}, #{text}, #{postedBy})")
    int insert(@Param("id") UUID id, @Param("organizationId") UUID organizationId, @Param("source") String source,
               @Param("sender") String sender, @Param("subject") String subject, @Param("text") String text,
               @Param("postedBy") UUID postedBy);

    /** A message handed over by another bundle; 0 when its origin key is recorded already. */
    @Insert("INSERT INTO inbound_messages (id, organization_id, source, sender, subject, text, target_skill,"
            + " extracted_fields, origin_key) VALUES (#{id}, #{organizationId}, #{source}, #{sender}, #{subject},"
            + " #{text}, #{skill}, CAST(#{fields} AS jsonb), #{originKey})"
            + " ON CONFLICT (organization_id, origin_key) WHERE origin_key IS NOT NULL DO NOTHING")
    int insertHandedOver(@Param("id") UUID id, @Param("organizationId") UUID organizationId,
                         @Param("source") String source, @Param("sender") String sender,
                         @Param("subject") String subject, @Param("text") String text, @Param("skill") String skill,
                         @Param("fields") String fields, @Param("originKey") String originKey);

    @Select("SELECT " + ROW + " FROM inbound_messages WHERE organization_id = #{organizationId} AND id = #{id}")
    MessageRow get(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    /** The row locked for a state change: one handler at a time moves a message on. */
    @Select("SELECT " + ROW + " FROM inbound_messages WHERE organization_id = #{organizationId} AND id = #{id} FOR UPDATE")
    MessageRow lock(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Select("SELECT " + ROW + " FROM inbound_messages WHERE organization_id = #{organizationId}"
            + " AND (#{status}::text IS NULL OR status = #{status}::text)"
            + " AND (#{after}::uuid IS NULL OR id < #{after}::uuid) ORDER BY id DESC LIMIT #{limit}")
    List<MessageRow> list(@Param("organizationId") UUID organizationId, @Param("status") String status,
                          @Param("after") UUID after, @Param("limit") int limit);

    /** The match result of a message that matched a skill (status {@code matched}). */
    @Update("UPDATE inbound_messages SET status = 'matched', matched_skill = #{skill}, confidence = #{confidence},"
            + " extracted_fields = CAST(#{fields} AS jsonb), summary = #{summary}, act = CAST(#{act} AS jsonb)"
            + " WHERE organization_id = #{organizationId} AND id = #{id}")
    int matched(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("skill") String skill,
                @Param("confidence") double confidence, @Param("fields") String fields,
                @Param("summary") String summary, @Param("act") String act);

    /** Why no skill matched (the model's confidence where it gave one). */
    @Update("UPDATE inbound_messages SET not_matched_reason = #{reason}, not_matched_detail = #{detail},"
            + " confidence = #{confidence} WHERE organization_id = #{organizationId} AND id = #{id}")
    int notMatched(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("reason") String reason,
                   @Param("detail") String detail, @Param("confidence") Double confidence);

    /** The end of a message's processing. */
    @Update("UPDATE inbound_messages SET status = #{status}, result = #{result}, error = #{error}, run_id = #{runId},"
            + " act_pending = #{actPending}, processed_at = now()"
            + " WHERE organization_id = #{organizationId} AND id = #{id}")
    int finish(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("status") String status,
               @Param("result") String result, @Param("error") String error, @Param("runId") UUID runId,
               @Param("actPending") String actPending);

    /** The error of the last failed try of an act, kept while the act is retried. */
    @Update("UPDATE inbound_messages SET error = #{error} WHERE organization_id = #{organizationId} AND id = #{id}")
    int error(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("error") String error);

    @Delete("DELETE FROM inbound_messages WHERE organization_id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);

    /** A message to queue again. */
    record Stalled(UUID organizationId, UUID id) {
    }

    /**
     * Messages still {@code received} or {@code matched} that were created, and last queued again, before
     * {@code before} (their outbox row gave up); marked as queued again now, one node each.
     */
    @Select("UPDATE inbound_messages SET requeued_at = now() WHERE id IN (SELECT id FROM inbound_messages"
            + " WHERE status IN ('received', 'matched') AND created_at < #{before}"
            + " AND (requeued_at IS NULL OR requeued_at < #{before}) ORDER BY created_at LIMIT #{limit}"
            + " FOR UPDATE SKIP LOCKED) RETURNING organization_id, id")
    java.util.List<Stalled> stalled(@Param("before") java.time.Instant before, @Param("limit") int limit);

    /** Retention: finished messages processed before {@code before}. */
    @Delete("DELETE FROM inbound_messages WHERE status IN ('acted', 'fell_through', 'unhandled', 'failed')"
            + " AND processed_at < #{before}")
    int pruneFinished(@Param("before") java.time.Instant before);
}
