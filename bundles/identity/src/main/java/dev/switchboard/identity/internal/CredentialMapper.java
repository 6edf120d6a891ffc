package dev.switchboard.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of api_keys and session_tokens. Lookups by hash are the only statements without an organization. */
public interface CredentialMapper {

    String API_KEY_COLUMNS = "id, organization_id, user_id, name, prefix, created_at, expires_at, revoked_at, last_used_at";

    @Insert("INSERT INTO api_keys (id, organization_id, user_id, name, prefix, key_hash, expires_at)"
            + " VALUES (#{id}, #{organizationId}, #{userId}, #{name}, #{prefix}, #{keyHash}, #{expiresAt})")
    int insertApiKey(@Param("id") UUID id, @Param("organizationId") UUID organizationId, @Param("userId") UUID userId,
                     @Param("name") String name, @Param("prefix") String prefix, @Param("keyHash") String keyHash,
                     @Param("expiresAt") Instant expiresAt);

    @Select("SELECT " + API_KEY_COLUMNS + " FROM api_keys WHERE key_hash = #{keyHash}")
    Rows.ApiKey apiKeyByHash(@Param("keyHash") String keyHash);

    @Select("SELECT " + API_KEY_COLUMNS + " FROM api_keys WHERE organization_id = #{organizationId} AND id = #{id}")
    Rows.ApiKey apiKey(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Select("<script>SELECT " + API_KEY_COLUMNS + " FROM api_keys WHERE organization_id = #{organizationId}"
            + "<if test='userId != null'> AND user_id = #{userId}</if>"
            + "<if test='afterId != null'> AND id &gt; #{afterId}</if>"
            + " ORDER BY id LIMIT #{limit}</script>")
    List<Rows.ApiKey> apiKeys(@Param("organizationId") UUID organizationId, @Param("userId") UUID userId,
                              @Param("afterId") UUID afterId, @Param("limit") int limit);

    @Update("UPDATE api_keys SET revoked_at = now() WHERE organization_id = #{organizationId} AND id = #{id}"
            + " AND revoked_at IS NULL")
    int revokeApiKey(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    /** At most one write a minute per key: last-used is a hint, not an audit trail. */
    @Update("UPDATE api_keys SET last_used_at = now() WHERE id = #{id}"
            + " AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')")
    int touchApiKey(@Param("id") UUID id);

    @Insert("INSERT INTO session_tokens (id, organization_id, session_id, user_id, token_hash)"
            + " VALUES (#{id}, #{organizationId}, #{sessionId}, #{userId}, #{tokenHash})")
    int insertSessionToken(@Param("id") UUID id, @Param("organizationId") UUID organizationId,
                           @Param("sessionId") UUID sessionId, @Param("userId") UUID userId,
                           @Param("tokenHash") String tokenHash);

    @Select("SELECT id, organization_id, session_id, user_id, revoked_at FROM session_tokens WHERE token_hash = #{tokenHash}")
    Rows.SessionToken sessionTokenByHash(@Param("tokenHash") String tokenHash);

    @Update("UPDATE session_tokens SET revoked_at = now() WHERE organization_id = #{organizationId}"
            + " AND session_id = #{sessionId} AND revoked_at IS NULL")
    int revokeSessionTokens(@Param("organizationId") UUID organizationId, @Param("sessionId") UUID sessionId);
}
