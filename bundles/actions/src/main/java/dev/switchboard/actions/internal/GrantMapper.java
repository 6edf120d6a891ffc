package dev.switchboard.actions.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of action_grants. Every statement names the organization, except the sweeper's. */
public interface GrantMapper {

    String COLUMNS = "id, organization_id, created_by, session_id, integration, action, max_calls, used_calls,"
            + " expires_at, revoked_at, created_at";
    String USABLE = " revoked_at IS NULL AND (expires_at IS NULL OR expires_at > #{now})"
            + " AND (max_calls IS NULL OR used_calls &lt; max_calls)";

    @Insert("INSERT INTO action_grants (id, organization_id, created_by, session_id, integration, action, max_calls,"
            + " expires_at, created_at) VALUES (#{id}, #{organizationId}, #{createdBy}, #{sessionId}, #{integration},"
            + " #{action}, #{maxCalls}, #{expiresAt}, #{createdAt})")
    int insert(Rows.Grant grant);

    @Select("SELECT " + COLUMNS + " FROM action_grants WHERE organization_id = #{organizationId} AND id = #{id}")
    Rows.Grant get(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    /** Usable grants that match, most specific first: session before org-wide, exact before wildcard. */
    @Select("<script>SELECT " + COLUMNS + " FROM action_grants WHERE organization_id = #{organizationId}"
            + " AND (session_id IS NULL OR session_id = #{sessionId})"
            + " AND integration IN (#{integration}, '*') AND action IN (#{action}, '*') AND" + USABLE
            + " ORDER BY session_id IS NULL, integration = '*', action = '*', created_at, id</script>")
    List<Rows.Grant> matching(@Param("organizationId") UUID organizationId, @Param("sessionId") UUID sessionId,
                              @Param("integration") String integration, @Param("action") String action,
                              @Param("now") Instant now);

    /**
     * Compare-and-set: one call of the budget, only while the grant is still usable. Concurrent callers wait
     * on the row lock and re-check the condition on the updated row, so the budget is never overspent.
     */
    @Update("<script>UPDATE action_grants SET used_calls = used_calls + 1 WHERE organization_id = #{organizationId}"
            + " AND id = #{id} AND" + USABLE + "</script>")
    int consume(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("now") Instant now);

    /** Active grants a session can use (its own and org-wide), newest first. */
    @Select("<script>SELECT " + COLUMNS + " FROM action_grants WHERE organization_id = #{organizationId}"
            + " AND (session_id IS NULL OR session_id = #{sessionId}) AND" + USABLE
            + "<if test='beforeId != null'> AND id &lt; #{beforeId}</if>"
            + " ORDER BY id DESC LIMIT #{limit}</script>")
    List<Rows.Grant> listActive(@Param("organizationId") UUID organizationId, @Param("sessionId") UUID sessionId,
                                @Param("now") Instant now, @Param("beforeId") UUID beforeId, @Param("limit") int limit);

    @Update("UPDATE action_grants SET revoked_at = #{now} WHERE organization_id = #{organizationId} AND id = #{id}"
            + " AND revoked_at IS NULL")
    int revoke(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("now") Instant now);

    @Delete("DELETE FROM action_grants WHERE expires_at IS NOT NULL AND expires_at <= #{now}")
    int deleteExpired(@Param("now") Instant now);

    @Delete("DELETE FROM action_grants WHERE organization_id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);
}
