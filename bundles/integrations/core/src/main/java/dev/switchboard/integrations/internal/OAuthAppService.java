package dev.switchboard.integrations.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * An organization's own OAuth apps ("bring your own client"): client id in clear, client secret sealed.
 * The secret is never returned, only whether one is set. New connections use the own app from then on;
 * existing ones keep refreshing with the client that issued their tokens while it is known.
 */
@Component(service = OAuthAppService.class)
public class OAuthAppService {

    private final IntegrationsStore store;
    private final SecretCipher cipher;
    private final AuditLog audit;
    private final Providers providers;

    @Activate
    public OAuthAppService(@Reference IntegrationsStore store, @Reference SecretCipher cipher, @Reference AuditLog audit,
                           @Reference Providers providers) {
        this.store = store;
        this.cipher = cipher;
        this.audit = audit;
        this.providers = providers;
    }

    /** Body of {@code PUT /api/v1/oauth-apps/{providerAdapterId}}. */
    public record OAuthAppRequest(String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "OAuthAppRequest[clientId=" + clientId + ", clientSecret=***]";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OAuthAppView(String providerAdapterId, String clientId, boolean clientSecretSet, String createdAt,
                               String updatedAt) {
        static OAuthAppView of(Rows.OAuthAppRow row) {
            return new OAuthAppView(row.providerAdapterId(), row.clientId(), row.secretCiphertext() != null,
                    String.valueOf(row.createdAt()), String.valueOf(row.updatedAt()));
        }
    }

    OAuthAppView put(Caller caller, String providerAdapterId, OAuthAppRequest request) {
        UUID organizationId = caller.requireOrganization();
        String id = Inputs.providerAdapterId(providerAdapterId);
        providers.require(id);
        String clientId = request.clientId() == null ? "" : request.clientId().strip();
        if (clientId.isEmpty() || clientId.length() > 500 || clientId.chars().anyMatch(Character::isISOControl)) {
            throw Inputs.field("invalid_client_id", "clientId", "must be 1-500 characters");
        }
        String secret = request.clientSecret();
        if (secret != null && (secret.isEmpty() || secret.length() > 4000)) {
            throw Inputs.field("invalid_client_secret", "clientSecret", "must be 1-4000 characters, or absent for a public client");
        }
        Ciphertext sealed = secret == null ? null : cipher.encrypt(secret);
        return store.unitOfWork().inTransaction(tx -> {
            store.apps(tx).upsert(organizationId, id, clientId, sealed == null ? null : sealed.keyId(),
                    sealed == null ? null : sealed.value(), caller.userId(), providers.clock().instant());
            audit.record(tx, organizationId, caller, "oauth_app.saved", "oauth_app", id,
                    Map.of("clientId", clientId, "clientSecretSet", sealed != null));
            return OAuthAppView.of(store.apps(tx).get(organizationId, id));
        });
    }

    List<OAuthAppView> list(Caller caller) {
        UUID organizationId = caller.requireOrganization();
        return store.unitOfWork().inTransaction(tx -> store.apps(tx).list(organizationId)).stream()
                .map(OAuthAppView::of).toList();
    }

    OAuthAppView get(Caller caller, String providerAdapterId) {
        UUID organizationId = caller.requireOrganization();
        Rows.OAuthAppRow row = store.unitOfWork().inTransaction(tx -> store.apps(tx).get(organizationId, providerAdapterId));
        if (row == null) {
            throw ApiProblem.notFound("oauth_app_not_found", "no own OAuth app for '" + providerAdapterId + "'");
        }
        return OAuthAppView.of(row);
    }

    void delete(Caller caller, String providerAdapterId) {
        UUID organizationId = caller.requireOrganization();
        store.unitOfWork().run(tx -> {
            if (store.apps(tx).delete(organizationId, providerAdapterId) == 0) {
                throw ApiProblem.notFound("oauth_app_not_found", "no own OAuth app for '" + providerAdapterId + "'");
            }
            audit.record(tx, organizationId, caller, "oauth_app.deleted", "oauth_app", providerAdapterId, Map.of());
        });
    }
}
