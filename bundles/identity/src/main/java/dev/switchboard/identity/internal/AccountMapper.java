package dev.switchboard.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of users, user_sessions and setup_tokens. Users are global; sessions belong to one user. */
public interface AccountMapper {

    @Insert("INSERT INTO users (id, email, name, password_hash) VALUES (#{id}, #{email}, #{name}, #{passwordHash})"
            + " ON CONFLICT DO NOTHING")
    int insertUser(@Param("id") UUID id, @Param("email") String email, @Param("name") String name,
                   @Param("passwordHash") String passwordHash);

    @Select("SELECT id, email, name, password_hash, email_verified, created_at FROM users WHERE lower(email) = lower(#{email})")
    Rows.User userByEmail(@Param("email") String email);

    @Select("SELECT id, email, name, password_hash, email_verified, created_at FROM users WHERE id = #{id}")
    Rows.User userById(@Param("id") UUID id);

    @Select("SELECT count(*) FROM users")
    long countUsers();

    @Insert("INSERT INTO user_sessions (id, user_id, token_hash, active_organization_id, expires_at)"
            + " VALUES (#{id}, #{userId}, #{tokenHash}, #{organizationId}, #{expiresAt})")
    int insertSession(@Param("id") UUID id, @Param("userId") UUID userId, @Param("tokenHash") String tokenHash,
                      @Param("organizationId") UUID organizationId, @Param("expiresAt") Instant expiresAt);

    @Select("SELECT id, user_id, active_organization_id, impersonated_user_id, impersonated_organization_id,"
            + " impersonation_expires_at, refreshed_at, expires_at FROM user_sessions"
            + " WHERE token_hash = #{tokenHash} AND expires_at > now()")
    Rows.UserSession sessionByHash(@Param("tokenHash") String tokenHash);

    @Update("UPDATE user_sessions SET refreshed_at = now(), expires_at = #{expiresAt} WHERE id = #{id}")
    int refreshSession(@Param("id") UUID id, @Param("expiresAt") Instant expiresAt);

    @Update("UPDATE user_sessions SET active_organization_id = #{organizationId} WHERE id = #{id}")
    int setActiveOrganization(@Param("id") UUID id, @Param("organizationId") UUID organizationId);

    @Update("UPDATE user_sessions SET impersonated_user_id = #{userId}, impersonated_organization_id = #{organizationId},"
            + " impersonation_expires_at = #{expiresAt} WHERE id = #{id}")
    int setImpersonation(@Param("id") UUID id, @Param("userId") UUID userId,
                         @Param("organizationId") UUID organizationId, @Param("expiresAt") Instant expiresAt);

    @Delete("DELETE FROM user_sessions WHERE id = #{id}")
    int deleteSession(@Param("id") UUID id);

    @Delete("DELETE FROM user_sessions WHERE expires_at <= now()")
    int deleteExpiredSessions();

    @Insert("INSERT INTO setup_tokens (token_hash) VALUES (#{tokenHash})")
    int insertSetupToken(@Param("tokenHash") String tokenHash);

    @Update("UPDATE setup_tokens SET used_at = now() WHERE token_hash = #{tokenHash} AND used_at IS NULL")
    int consumeSetupToken(@Param("tokenHash") String tokenHash);

    @Select("SELECT count(*) FROM setup_tokens WHERE used_at IS NULL")
    long openSetupTokens();

    @Insert("INSERT INTO email_verifications (token_hash, user_id, expires_at) VALUES (#{tokenHash}, #{userId}, #{expiresAt})")
    int insertVerification(@Param("tokenHash") String tokenHash, @Param("userId") UUID userId,
                           @Param("expiresAt") Instant expiresAt);

    /** The user whose unused, unexpired verification token this is; marks it used. */
    @Select("UPDATE email_verifications SET used_at = now() WHERE token_hash = #{tokenHash} AND used_at IS NULL"
            + " AND expires_at > now() RETURNING user_id")
    UUID consumeVerification(@Param("tokenHash") String tokenHash);

    @Update("UPDATE users SET email_verified = true, updated_at = now() WHERE id = #{userId}")
    int markVerified(@Param("userId") UUID userId);

    @Select("SELECT id, email, name, password_hash, email_verified, created_at FROM users ORDER BY created_at, id LIMIT #{limit}")
    List<Rows.User> listUsers(@Param("limit") int limit);
}
