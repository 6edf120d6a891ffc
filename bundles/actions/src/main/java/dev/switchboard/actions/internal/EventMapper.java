package dev.switchboard.actions.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Owner of action_events. */
public interface EventMapper {

    /**
     * Events of one organization are inserted one transaction at a time, so their ids become visible in
     * increasing order and a reader that resumes after id n never skips a later-committed smaller id.
     */
    /**
     * Events are notifications; the invocation rows they describe are the durable record. Not waiting for
     * the WAL flush keeps the per-organization ordering lock below a millisecond.
     */
    @org.apache.ibatis.annotations.Update("SET LOCAL synchronous_commit TO OFF")
    void relaxDurability();

    @Select("SELECT pg_advisory_xact_lock(hashtextextended(#{organizationId}::text, 7002))")
    Object lockOrganization(@Param("organizationId") UUID organizationId);

    @Select("INSERT INTO action_events (organization_id, session_id, event_type, data)"
            + " VALUES (#{organizationId}, #{sessionId}, #{eventType}, CAST(#{data} AS jsonb)) RETURNING id")
    long insert(@Param("organizationId") UUID organizationId, @Param("sessionId") UUID sessionId,
                @Param("eventType") String eventType, @Param("data") String data);

    @Select("<script>SELECT id, organization_id, session_id, event_type, data::text AS data FROM action_events"
            + " WHERE organization_id = #{organizationId}"
            + "<if test='sessionId != null'> AND session_id = #{sessionId}</if>"
            + " AND id &gt; #{afterId} ORDER BY id LIMIT #{limit}</script>")
    List<Rows.Event> after(@Param("organizationId") UUID organizationId, @Param("sessionId") UUID sessionId,
                           @Param("afterId") long afterId, @Param("limit") int limit);

    @Select("<script>SELECT coalesce(max(id), 0) FROM action_events WHERE organization_id = #{organizationId}"
            + "<if test='sessionId != null'> AND session_id = #{sessionId}</if></script>")
    long lastId(@Param("organizationId") UUID organizationId, @Param("sessionId") UUID sessionId);

    @Delete("DELETE FROM action_events WHERE created_at < #{before}")
    int deleteBefore(@Param("before") Instant before);

    @Delete("DELETE FROM action_events WHERE organization_id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);
}
