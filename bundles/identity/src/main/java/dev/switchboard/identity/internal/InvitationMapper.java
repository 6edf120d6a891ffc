package dev.switchboard.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of invitations. */
public interface InvitationMapper {

    String COLUMNS = "id, organization_id, email, role, status, invited_by, expires_at, decided_at, created_at";

    /** 0 when a pending invitation for the same email exists (the partial unique index). */
    @Insert("INSERT INTO invitations (id, organization_id, email, role, status, token_hash, invited_by, expires_at)"
            + " VALUES (#{id}, #{organizationId}, #{email}, #{role}, 'pending', #{tokenHash}, #{invitedBy}, #{expiresAt})"
            + " ON CONFLICT DO NOTHING")
    int insert(@Param("id") UUID id, @Param("organizationId") UUID organizationId, @Param("email") String email,
               @Param("role") String role, @Param("tokenHash") String tokenHash, @Param("invitedBy") UUID invitedBy,
               @Param("expiresAt") Instant expiresAt);

    /** Pending invitations past their expiry stop blocking a new one. */
    @Update("UPDATE invitations SET status = 'canceled', decided_at = now() WHERE organization_id = #{organizationId}"
            + " AND lower(email) = lower(#{email}) AND status = 'pending' AND expires_at <= now()")
    int cancelExpired(@Param("organizationId") UUID organizationId, @Param("email") String email);

    @Select("SELECT " + COLUMNS + " FROM invitations WHERE token_hash = #{tokenHash} FOR UPDATE")
    Rows.Invitation lockByToken(@Param("tokenHash") String tokenHash);

    @Select("SELECT " + COLUMNS + " FROM invitations WHERE organization_id = #{organizationId} AND id = #{id}")
    Rows.Invitation invitation(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Select("<script>SELECT " + COLUMNS + " FROM invitations WHERE organization_id = #{organizationId}"
            + "<if test='status != null'> AND status = #{status}</if>"
            + "<if test='afterId != null'> AND id &gt; #{afterId}</if>"
            + " ORDER BY id LIMIT #{limit}</script>")
    List<Rows.Invitation> list(@Param("organizationId") UUID organizationId, @Param("status") String status,
                               @Param("afterId") UUID afterId, @Param("limit") int limit);

    @Update("UPDATE invitations SET status = #{status}, decided_at = now() WHERE organization_id = #{organizationId}"
            + " AND id = #{id} AND status = 'pending'")
    int decide(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("status") String status);
}
