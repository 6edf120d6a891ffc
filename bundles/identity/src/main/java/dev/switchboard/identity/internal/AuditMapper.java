package dev.switchboard.identity.internal;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Owner of audit_log. */
public interface AuditMapper {

    @Insert("INSERT INTO audit_log (id, organization_id, actor_user_id, real_user_id, actor_kind, action, target_type,"
            + " target_id, details) VALUES (#{id}, #{organizationId}, #{actorUserId}, #{realUserId}, #{actorKind},"
            + " #{action}, #{targetType}, #{targetId}, CAST(#{details} AS jsonb))")
    int insert(@Param("id") UUID id, @Param("organizationId") UUID organizationId,
               @Param("actorUserId") UUID actorUserId, @Param("realUserId") UUID realUserId,
               @Param("actorKind") String actorKind, @Param("action") String action,
               @Param("targetType") String targetType, @Param("targetId") String targetId,
               @Param("details") String details);

    @Select("<script>SELECT id, organization_id, actor_user_id, real_user_id, actor_kind, action, target_type, target_id,"
            + " details::text AS details, created_at FROM audit_log WHERE organization_id = #{organizationId}"
            + "<if test='beforeId != null'> AND id &lt; #{beforeId}</if>"
            + " ORDER BY id DESC LIMIT #{limit}</script>")
    List<Rows.AuditEntry> list(@Param("organizationId") UUID organizationId, @Param("beforeId") UUID beforeId,
                               @Param("limit") int limit);

    @Delete("DELETE FROM audit_log WHERE organization_id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);
}
