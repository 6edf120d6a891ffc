package dev.switchboard.llm.internal;

import dev.switchboard.secrets.Ciphertext;
import java.time.Instant;
import java.util.UUID;

/**
 * An {@code llm_settings} row as MyBatis maps it (columns in this order). The key is only ever here sealed.
 *
 * @param endpoint the override as given, or null for the provider's default
 */
public record LlmSettingsRow(UUID organizationId, String provider, String endpoint, String model, String apiKeyId,
                      String apiKeyCiphertext, String apiKeyHint, UUID updatedBy, Instant createdAt,
                      Instant updatedAt, boolean apiKeyShared) {

    static final String COLUMNS = "organization_id, provider, endpoint, model, api_key_id, api_key_ciphertext,"
            + " api_key_hint, updated_by, created_at, updated_at, api_key_shared";

    boolean hasApiKey() {
        return apiKeyCiphertext != null;
    }

    /** The sealed key; call only when {@link #hasApiKey()}. */
    Ciphertext sealedKey() {
        return new Ciphertext(apiKeyId, apiKeyCiphertext);
    }

    /** No ciphertext, no hint. */
    @Override
    public String toString() {
        return "LlmSettingsRow[organization=" + organizationId + ", provider=" + provider + ", model=" + model
                + ", keyId=" + apiKeyId + ", shared=" + apiKeyShared + "]";
    }
}
