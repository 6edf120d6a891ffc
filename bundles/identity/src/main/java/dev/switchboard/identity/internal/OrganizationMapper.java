package dev.switchboard.identity.internal;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of organizations and members. Every statement names the organization. */
public interface OrganizationMapper {

    @Insert("INSERT INTO organizations (id, name, slug, is_personal) VALUES (#{id}, #{name}, #{slug}, #{personal})"
            + " ON CONFLICT (slug) DO NOTHING")
    int insertOrganization(@Param("id") UUID id, @Param("name") String name, @Param("slug") String slug,
                           @Param("personal") boolean personal);

    @Select("SELECT id, name, slug, is_personal, created_at FROM organizations WHERE id = #{organizationId}")
    Rows.Organization organization(@Param("organizationId") UUID organizationId);

    @Update("UPDATE organizations SET name = coalesce(#{name}, name), slug = coalesce(#{slug}, slug), updated_at = now()"
            + " WHERE id = #{organizationId}")
    int updateOrganization(@Param("organizationId") UUID organizationId, @Param("name") String name,
                           @Param("slug") String slug);

    @Select("SELECT count(*) FROM organizations WHERE slug = #{slug} AND id <> #{organizationId}")
    long slugTaken(@Param("organizationId") UUID organizationId, @Param("slug") String slug);

    @Delete("DELETE FROM organizations WHERE id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);

    @Insert("INSERT INTO members (organization_id, user_id, role) VALUES (#{organizationId}, #{userId}, #{role})"
            + " ON CONFLICT DO NOTHING")
    int insertMember(@Param("organizationId") UUID organizationId, @Param("userId") UUID userId,
                     @Param("role") String role);

    String MEMBERSHIP_COLUMNS = "m.organization_id, m.user_id, m.role, m.created_at, u.email, u.name,"
            + " o.name AS organization_name, o.slug AS organization_slug, o.is_personal AS organization_personal";
    String MEMBERSHIP_FROM = " FROM members m JOIN users u ON u.id = m.user_id JOIN organizations o ON o.id = m.organization_id";

    @Select("SELECT " + MEMBERSHIP_COLUMNS + MEMBERSHIP_FROM
            + " WHERE m.organization_id = #{organizationId} AND m.user_id = #{userId}")
    Rows.Membership membership(@Param("organizationId") UUID organizationId, @Param("userId") UUID userId);

    @Select("SELECT " + MEMBERSHIP_COLUMNS + MEMBERSHIP_FROM + " WHERE m.user_id = #{userId}"
            + " ORDER BY m.created_at, m.organization_id")
    List<Rows.Membership> membershipsOfUser(@Param("userId") UUID userId);

    @Select("SELECT " + MEMBERSHIP_COLUMNS + MEMBERSHIP_FROM + " WHERE m.organization_id = #{organizationId}"
            + " ORDER BY m.created_at, m.user_id")
    List<Rows.Membership> members(@Param("organizationId") UUID organizationId);

    @Update("UPDATE members SET role = #{role} WHERE organization_id = #{organizationId} AND user_id = #{userId}")
    int updateRole(@Param("organizationId") UUID organizationId, @Param("userId") UUID userId,
                   @Param("role") String role);

    @Delete("DELETE FROM members WHERE organization_id = #{organizationId} AND user_id = #{userId}")
    int deleteMember(@Param("organizationId") UUID organizationId, @Param("userId") UUID userId);

    /** Locks the organization's owners so that two concurrent demotions cannot leave it ownerless. */
    @Select("SELECT count(*) FROM (SELECT 1 FROM members WHERE organization_id = #{organizationId} AND role = 'owner'"
            + " FOR UPDATE) owners")
    long lockAndCountOwners(@Param("organizationId") UUID organizationId);
}
