package dev.switchboard.sessions.internal;

import dev.switchboard.sessions.SessionRef;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

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
}
