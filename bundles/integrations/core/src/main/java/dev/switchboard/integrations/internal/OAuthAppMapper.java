package dev.switchboard.integrations.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of {@code oauth_apps}: an organization's own OAuth client per provider adapter. */
public interface OAuthAppMapper {

    String COLUMNS = "organization_id, provider_adapter_id, client_id, secret_key_id, secret_ciphertext, created_at,"
            + " updated_at";

    @Insert("INSERT INTO oauth_apps (organization_id, provider_adapter_id, client_id, secret_key_id, secret_ciphertext,"
            + " created_by, created_at, updated_at) VALUES (#{organizationId}, #{providerAdapterId}, #{clientId},"
            + " #{secretKeyId}, #{secretCiphertext}, #{createdBy}, #{now}, #{now})"
            + " ON CONFLICT (organization_id, provider_adapter_id) DO UPDATE SET client_id = EXCLUDED.client_id,"
            + " secret_key_id = EXCLUDED.secret_key_id, secret_ciphertext = EXCLUDED.secret_ciphertext,"
            + " updated_at = EXCLUDED.updated_at")
    int upsert(@Param("organizationId") UUID organizationId, @Param("providerAdapterId") String providerAdapterId,
               @Param("clientId") String clientId, @Param("secretKeyId") String secretKeyId,
               @Param("secretCiphertext") String secretCiphertext, @Param("createdBy") UUID createdBy,
               @Param("now") Instant now);

    @Select("SELECT " + COLUMNS + " FROM oauth_apps WHERE organization_id = #{organizationId}"
            + " AND provider_adapter_id = #{providerAdapterId}")
    Rows.OAuthAppRow get(@Param("organizationId") UUID organizationId, @Param("providerAdapterId") String providerAdapterId);

    @Select("SELECT " + COLUMNS + " FROM oauth_apps WHERE organization_id = #{organizationId} ORDER BY provider_adapter_id")
    List<Rows.OAuthAppRow> list(@Param("organizationId") UUID organizationId);

    @Delete("DELETE FROM oauth_apps WHERE organization_id = #{organizationId} AND provider_adapter_id = #{providerAdapterId}")
    int delete(@Param("organizationId") UUID organizationId, @Param("providerAdapterId") String providerAdapterId);

    @Delete("DELETE FROM oauth_apps WHERE organization_id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);

    @Select("SELECT organization_id::text || '/' || provider_adapter_id AS id, secret_key_id AS key_id,"
            + " secret_ciphertext AS ciphertext FROM oauth_apps"
            + " WHERE secret_key_id IS NOT NULL AND secret_key_id <> #{activeKeyId}"
            + " ORDER BY organization_id, provider_adapter_id LIMIT #{limit} FOR UPDATE SKIP LOCKED")
    List<Rows.SealedRow> claimForReencryption(@Param("activeKeyId") String activeKeyId, @Param("limit") int limit);

    @Update("UPDATE oauth_apps SET secret_key_id = #{keyId}, secret_ciphertext = #{ciphertext}"
            + " WHERE organization_id::text || '/' || provider_adapter_id = #{id} AND secret_key_id = #{oldKeyId}")
    int reencrypt(@Param("id") String id, @Param("oldKeyId") String oldKeyId, @Param("keyId") String keyId,
                  @Param("ciphertext") String ciphertext);
}
