package dev.switchboard.integrations.internal;

import dev.switchboard.foundation.Ids;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.integrations.Visibility;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.CredentialsRejectedException;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.TokenSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Integrations whose credentials a person enters ({@link AuthKind#API_KEY}): an API key, a secret feed address.
 * The adapter checks them first ({@code ProviderAdapter.acceptCredentials}, within the time limit of
 * {@link AdapterCalls}); only then are they sealed and stored, as a new integration or in place of the
 * credentials of an existing one. A refusal is {@code 400} with the adapter's code and message, and nothing
 * changes. Credentials are never logged, audited or answered.
 */
@Component(service = CredentialConnections.class)
public class CredentialConnections {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialConnections.class);
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final int MAX_FIELDS = 20;
    private static final int MAX_VALUE_LENGTH = 8192;

    private final IntegrationsStore store;
    private final Providers providers;
    private final SecretCipher cipher;
    private final AuditLog audit;
    private final AdapterCalls calls;
    private final TokenResolverService resolver;

    @Activate
    public CredentialConnections(@Reference IntegrationsStore store, @Reference Providers providers,
                                 @Reference SecretCipher cipher, @Reference AuditLog audit, @Reference AdapterCalls calls,
                                 @Reference TokenResolverService resolver) {
        this.store = store;
        this.providers = providers;
        this.cipher = cipher;
        this.audit = audit;
        this.calls = calls;
        this.resolver = resolver;
    }

    /** Body of {@code POST /api/v1/integrations}. */
    public record CreateRequest(String providerAdapterId, Map<String, String> credentials, String displayName,
                                String visibility) {

        @Override
        public String toString() {
            return "CreateRequest[providerAdapterId=" + providerAdapterId + ", credentials="
                    + (credentials == null ? "none" : credentials.keySet()) + "]";
        }
    }

    /** Body of {@code PUT /api/v1/integrations/{id}/credentials}. */
    public record CredentialsUpdate(Map<String, String> credentials) {

        @Override
        public String toString() {
            return "CredentialsUpdate[credentials=" + (credentials == null ? "none" : credentials.keySet()) + "]";
        }
    }

    IntegrationView create(Caller caller, CreateRequest request) {
        UUID organizationId = caller.requireOrganization();
        UUID userId = caller.requireUser();
        String adapterId = Inputs.providerAdapterId(request.providerAdapterId());
        ProviderAdapter adapter = credentialAdapter(adapterId);
        Map<String, SecretValue> credentials = credentials(request.credentials());
        String displayName = Inputs.optionalName("displayName", request.displayName());
        // what a person enters is their own (a calendar feed's secret address): shared only when they say so
        Visibility visibility = Inputs.visibility(request.visibility(), Visibility.PRIVATE);
        TokenSet tokens = accept(adapter, credentials, providers.context(adapterId, organizationId, null, null, null));
        Ciphertext sealed = SealedTokens.seal(cipher, tokens);
        Instant now = providers.clock().instant();
        UUID id = Ids.newId(providers.clock());
        String name = displayName != null ? displayName : suggestedName(tokens, adapter);
        store.unitOfWork().run(tx -> {
            store.integrations(tx).insert(id, organizationId, adapter.service(), adapterId, id.toString(), name,
                    Rows.scopesText(List.copyOf(tokens.scopes())), visibility.wireName(), null, sealed.keyId(),
                    sealed.value(), tokens.expiresAt(), userId, now);
            audit.record(tx, organizationId, caller, "integration.connected", "integration", id.toString(),
                    details(adapter));
        });
        LOG.info("integration {} (organization {}, provider {}) connected with entered credentials", id,
                organizationId, adapterId);
        return get(organizationId, id);
    }

    IntegrationView replace(Caller caller, UUID id, CredentialsUpdate update) {
        UUID organizationId = caller.requireOrganization();
        Rows.IntegrationRow row = store.unitOfWork().inTransaction(tx -> store.integrations(tx).get(organizationId, id));
        boolean visible = row != null && (Visibility.ORG.wireName().equals(row.visibility())
                || IntegrationService.mayManage(caller, row));
        if (!visible || "deleted".equals(row.status())) {
            throw ApiProblem.notFound("integration_not_found", "no such integration");
        }
        if (!IntegrationService.mayManage(caller, row)) {
            throw new ApiProblem(403, "forbidden", "Forbidden", "only its creator or an admin may change an integration");
        }
        ProviderAdapter adapter = credentialAdapter(row.providerAdapterId());
        Map<String, SecretValue> credentials = credentials(update.credentials());
        TokenSet tokens = accept(adapter, credentials, providers.context(row.providerAdapterId(), organizationId, id,
                row.connectionId(), null));
        Ciphertext sealed = SealedTokens.seal(cipher, tokens);
        Instant now = providers.clock().instant();
        store.unitOfWork().run(tx -> {
            // the adapter's check took a while: a disconnect or deletion meanwhile wins over these credentials
            Rows.IntegrationRow locked = store.integrations(tx).lock(organizationId, id);
            if (locked == null || !locked.status().equals(row.status())) {
                throw new ApiProblem(409, "integration_changed", "Conflict",
                        "the integration was disconnected or deleted while its credentials were checked; nothing changed");
            }
            store.integrations(tx).reconnect(organizationId, id, Rows.scopesText(List.copyOf(tokens.scopes())), null,
                    sealed.keyId(), sealed.value(), tokens.expiresAt(), null, now);
            audit.record(tx, organizationId, caller, "integration.credentials_replaced", "integration", id.toString(),
                    details(adapter));
        });
        resolver.evict(id);
        LOG.info("integration {} (organization {}, provider {}) has new credentials", id, organizationId,
                row.providerAdapterId());
        return get(organizationId, id);
    }

    private IntegrationView get(UUID organizationId, UUID id) {
        return IntegrationView.of(store.unitOfWork().inTransaction(tx -> store.integrations(tx).get(organizationId, id))
                .toIntegration());
    }

    private ProviderAdapter credentialAdapter(String adapterId) {
        ProviderAdapter adapter = providers.require(adapterId);
        if (adapter.authKind() != AuthKind.API_KEY) {
            throw new ApiProblem(400, "connect_not_supported", "Bad request", "provider adapter '" + adapterId
                    + "' does not take entered credentials: use POST /api/v1/integrations/connect");
        }
        return adapter;
    }

    private TokenSet accept(ProviderAdapter adapter, Map<String, SecretValue> credentials, ProviderContext context) {
        Accepted accepted;
        try {
            accepted = calls.call("acceptCredentials", () -> {
                try {
                    return new Accepted(adapter.acceptCredentials(credentials, context), null);
                } catch (CredentialsRejectedException e) {
                    return new Accepted(null, e);
                }
            });
        } catch (ProviderException e) {
            if (e.reason() == ProviderException.Reason.UNSUPPORTED) {
                throw new ApiProblem(400, "connect_not_supported", "Bad request", "provider adapter '"
                        + adapter.descriptor().id() + "' does not take entered credentials");
            }
            if (e.reason() == ProviderException.Reason.RATE_LIMITED) {
                throw new ApiProblem(429, "provider_rate_limited", "Too many requests", adapter.service() + " is throttling");
            }
            throw new ApiProblem(502, "provider_error", "Bad gateway", adapter.service() + " could not check the"
                    + " credentials (" + e.reason().name().toLowerCase(Locale.ROOT) + ")");
        }
        if (accepted.rejected() != null) {
            CredentialsRejectedException rejected = accepted.rejected();
            List<ApiProblem.FieldError> errors = rejected.field() == null ? List.of()
                    : List.of(new ApiProblem.FieldError("credentials." + rejected.field(), rejected.getMessage()));
            throw new ApiProblem(400, rejected.code(), "Bad request", rejected.getMessage(), errors);
        }
        if (accepted.tokens() == null) {
            throw new ApiProblem(502, "provider_error", "Bad gateway", "the provider adapter accepted nothing");
        }
        return accepted.tokens();
    }

    private record Accepted(TokenSet tokens, CredentialsRejectedException rejected) {
    }

    private static Map<String, SecretValue> credentials(Map<String, String> entered) {
        if (entered == null || entered.isEmpty()) {
            throw Inputs.field("invalid_credentials", "credentials", "are required");
        }
        if (entered.size() > MAX_FIELDS) {
            throw Inputs.field("invalid_credentials", "credentials", "at most " + MAX_FIELDS + " fields");
        }
        Map<String, SecretValue> credentials = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : entered.entrySet()) {
            if (entry.getKey() == null || !FIELD.matcher(entry.getKey()).matches()) {
                throw Inputs.field("invalid_credentials", "credentials", "field names are letters, digits and '_'");
            }
            String value = entry.getValue();
            if (value != null && value.length() > MAX_VALUE_LENGTH) {
                throw Inputs.field("invalid_credentials", "credentials." + entry.getKey(), "is too long");
            }
            credentials.put(entry.getKey(), value == null ? SecretValue.EMPTY : SecretValue.of(value));
        }
        return credentials;
    }

    private static String suggestedName(TokenSet tokens, ProviderAdapter adapter) {
        Object suggested = tokens.extra().get(ProviderAdapter.EXTRA_DISPLAY_NAME);
        if (suggested instanceof String text && !text.isBlank() && text.strip().length() <= 200
                && text.chars().noneMatch(Character::isISOControl)) {
            return text.strip();
        }
        return adapter.descriptor().displayName();
    }

    private static Map<String, Object> details(ProviderAdapter adapter) {
        return Map.of("service", adapter.service(), "providerAdapterId", adapter.descriptor().id(), "authKind", "api_key");
    }
}
