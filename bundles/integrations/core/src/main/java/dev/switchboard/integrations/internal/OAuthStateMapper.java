package dev.switchboard.integrations.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of {@code oauth_states}. A state is found by its hash only: the callback knows nothing else. */
public interface OAuthStateMapper {

    String COLUMNS = "state_hash, organization_id, user_id, provider_adapter_id, integration_id,"
            + " array_to_string(scopes, ' ') AS scopes_text, display_name, visibility, oauth_client_id,"
            + " verifier_key_id, verifier_ciphertext, return_to, expires_at, used_at";

    @Insert("INSERT INTO oauth_states (state_hash, organization_id, user_id, provider_adapter_id, integration_id, scopes,"
            + " display_name, visibility, oauth_client_id, verifier_key_id, verifier_ciphertext, return_to, expires_at,"
            + " created_at) VALUES (#{row.stateHash}, #{row.organizationId}, #{row.userId}, #{row.providerAdapterId},"
            + " #{row.integrationId}, string_to_array(#{row.scopesText}, ' '), #{row.displayName}, #{row.visibility},"
            + " #{row.oauthClientId}, #{row.verifierKeyId}, #{row.verifierCiphertext}, #{row.returnTo},"
            + " #{row.expiresAt}, #{now})")
    int insert(@Param("row") Rows.OAuthStateRow row, @Param("now") Instant now);

    /** Single use: only the first caller before expiry gets the row. */
    @Select("UPDATE oauth_states SET used_at = #{now} WHERE state_hash = #{stateHash} AND used_at IS NULL"
            + " AND expires_at > #{now} RETURNING " + COLUMNS)
    Rows.OAuthStateRow consume(@Param("stateHash") String stateHash, @Param("now") Instant now);

    @Select("SELECT " + COLUMNS + " FROM oauth_states WHERE state_hash = #{stateHash}")
    Rows.OAuthStateRow find(@Param("stateHash") String stateHash);

    /**
     * Expired states are kept until {@code expiredBefore} (to tell "expired" from "unknown"), used ones until
     * {@code usedBefore} (to tell "replayed" from "unknown" in logs), then purged.
     */
    @Delete("DELETE FROM oauth_states WHERE expires_at < #{expiredBefore} OR used_at < #{usedBefore}")
    int purge(@Param("expiredBefore") Instant expiredBefore, @Param("usedBefore") Instant usedBefore);

    @Delete("DELETE FROM oauth_states WHERE organization_id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);

    @Select("SELECT state_hash AS id, verifier_key_id AS key_id, verifier_ciphertext AS ciphertext FROM oauth_states"
            + " WHERE verifier_key_id IS NOT NULL AND verifier_key_id <> #{activeKeyId}"
            + " ORDER BY state_hash LIMIT #{limit} FOR UPDATE SKIP LOCKED")
    List<Rows.SealedRow> claimForReencryption(@Param("activeKeyId") String activeKeyId, @Param("limit") int limit);

    @Update("UPDATE oauth_states SET verifier_key_id = #{keyId}, verifier_ciphertext = #{ciphertext}"
            + " WHERE state_hash = #{id} AND verifier_key_id = #{oldKeyId}")
    int reencrypt(@Param("id") String id, @Param("oldKeyId") String oldKeyId, @Param("keyId") String keyId,
                  @Param("ciphertext") String ciphertext);
}
