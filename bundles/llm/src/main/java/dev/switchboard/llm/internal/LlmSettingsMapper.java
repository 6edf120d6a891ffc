package dev.switchboard.llm.internal;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of {@code llm_settings}. Every statement names the organization. */
public interface LlmSettingsMapper {

    @Select("SELECT " + LlmSettingsRow.COLUMNS + " FROM llm_settings WHERE organization_id = #{organizationId}")
    LlmSettingsRow get(@Param("organizationId") UUID organizationId);

    /** The same, locked for an update. */
    @Select("SELECT " + LlmSettingsRow.COLUMNS + " FROM llm_settings WHERE organization_id = #{organizationId}"
            + " FOR UPDATE")
    LlmSettingsRow lock(@Param("organizationId") UUID organizationId);

    /** Inserts or replaces the organization's settings. */
    @Insert("INSERT INTO llm_settings (organization_id, provider, endpoint, model, api_key_id, api_key_ciphertext,"
            + " api_key_hint, updated_by, api_key_shared) VALUES (#{organizationId}, #{provider}, #{endpoint}, #{model},"
            + " #{apiKeyId}, #{apiKeyCiphertext}, #{apiKeyHint}, #{updatedBy}, #{apiKeyShared})"
            + " ON CONFLICT (organization_id) DO UPDATE SET provider = EXCLUDED.provider, endpoint = EXCLUDED.endpoint,"
            + " model = EXCLUDED.model, api_key_id = EXCLUDED.api_key_id,"
            + " api_key_ciphertext = EXCLUDED.api_key_ciphertext, api_key_hint = EXCLUDED.api_key_hint,"
            + " api_key_shared = EXCLUDED.api_key_shared, updated_by = EXCLUDED.updated_by, updated_at = now()")
    int upsert(LlmSettingsRow row);

    @Delete("DELETE FROM llm_settings WHERE organization_id = #{organizationId}")
    int delete(@Param("organizationId") UUID organizationId);

    /** Rows whose key is sealed under another key than {@code activeKeyId}, locked; others' locks are skipped. */
    @Select("SELECT " + LlmSettingsRow.COLUMNS + " FROM llm_settings WHERE api_key_id IS NOT NULL"
            + " AND api_key_id <> #{activeKeyId} ORDER BY organization_id LIMIT #{limit} FOR UPDATE SKIP LOCKED")
    List<LlmSettingsRow> claimForReencryption(@Param("activeKeyId") String activeKeyId, @Param("limit") int limit);

    /** Moves one key to a new ciphertext, if it is still sealed under {@code oldKeyId}. */
    @Update("UPDATE llm_settings SET api_key_id = #{newKeyId}, api_key_ciphertext = #{ciphertext}"
            + " WHERE organization_id = #{organizationId} AND api_key_id = #{oldKeyId}")
    int reencrypt(@Param("organizationId") UUID organizationId, @Param("oldKeyId") String oldKeyId,
                  @Param("newKeyId") String newKeyId, @Param("ciphertext") String ciphertext);
}
