package dev.switchboard.integrations.internal;

import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.Visibility;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.spi.provider.IntegrationStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Rows of the integrations tables as MyBatis maps them (by constructor parameter name). */
public final class Rows {

    private Rows() {
    }

    /** Scopes travel as one space-separated string (OAuth's own form); the column is text[]. */
    static List<String> scopes(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.stream(text.trim().split(" +")).toList();
    }

    static String scopesText(List<String> scopes) {
        return scopes == null ? "" : String.join(" ", scopes);
    }

    public record IntegrationRow(UUID id, UUID organizationId, String service, String providerAdapterId,
                                 String connectionId, String displayName, String scopesText, String status,
                                 String visibility, String oauthClientId, String tokensKeyId, String tokensCiphertext,
                                 Instant tokenExpiresAt, UUID createdBy, Instant createdAt, Instant updatedAt) {

        Integration toIntegration() {
            return new Integration(id, organizationId, service, providerAdapterId, connectionId, displayName,
                    scopes(scopesText), integrationStatus(), Visibility.fromWireName(visibility), createdBy, createdAt, updatedAt);
        }

        IntegrationStatus integrationStatus() {
            return IntegrationStatus.valueOf(status.toUpperCase(Locale.ROOT));
        }

        Ciphertext sealedTokens() {
            return tokensCiphertext == null ? null : new Ciphertext(tokensKeyId, tokensCiphertext);
        }

        @Override
        public String toString() {
            return "IntegrationRow[id=" + id + ", organizationId=" + organizationId + ", providerAdapterId="
                    + providerAdapterId + ", status=" + status + "]";
        }
    }

    public record OAuthStateRow(String stateHash, UUID organizationId, UUID userId, String providerAdapterId,
                                UUID integrationId, String scopesText, String displayName, String visibility,
                                String oauthClientId, String verifierKeyId, String verifierCiphertext, String returnTo,
                                Instant expiresAt, Instant usedAt) {

        Ciphertext sealedVerifier() {
            return verifierCiphertext == null ? null : new Ciphertext(verifierKeyId, verifierCiphertext);
        }

        @Override
        public String toString() {
            return "OAuthStateRow[organizationId=" + organizationId + ", providerAdapterId=" + providerAdapterId + "]";
        }
    }

    public record OAuthAppRow(UUID organizationId, String providerAdapterId, String clientId, String secretKeyId,
                              String secretCiphertext, Instant createdAt, Instant updatedAt) {

        Ciphertext sealedSecret() {
            return secretCiphertext == null ? null : new Ciphertext(secretKeyId, secretCiphertext);
        }

        @Override
        public String toString() {
            return "OAuthAppRow[organizationId=" + organizationId + ", providerAdapterId=" + providerAdapterId
                    + ", clientId=" + clientId + "]";
        }
    }

    /** One sealed value of any of the tables, claimed for re-encryption. */
    public record SealedRow(String id, String keyId, String ciphertext) {
    }
}
