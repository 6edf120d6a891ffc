package dev.switchboard.integrations.internal;

import dev.switchboard.identity.AuditLog;
import dev.switchboard.integrations.IntegrationDisconnectParticipant;
import dev.switchboard.integrations.IntegrationException;
import dev.switchboard.integrations.IntegrationUnavailableException;
import dev.switchboard.integrations.ReconnectRequiredException;
import dev.switchboard.integrations.Visibility;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.TokenSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listing, renaming, disconnecting integrations and serving provider metadata. Private integrations are
 * visible to their creator and to admins; to everybody else they do not exist (404).
 *
 * <p>Disconnect keeps the row (bindings of automations and sessions may point at it) with status
 * {@code revoked} and no tokens: it revokes remotely (best effort, failures only logged), lets every
 * {@link IntegrationDisconnectParticipant} mark its bindings in the same transaction, and audits. A later
 * reconnect makes the same row active again.
 */
@Component(service = IntegrationService.class)
public class IntegrationService {

    private static final Logger LOG = LoggerFactory.getLogger(IntegrationService.class);

    private final IntegrationsStore store;
    private final Providers providers;
    private final SecretCipher cipher;
    private final AuditLog audit;
    private final AdapterCalls calls;
    private final TokenResolverService resolver;
    private final List<IntegrationDisconnectParticipant> participants = new CopyOnWriteArrayList<>();

    @Activate
    public IntegrationService(@Reference IntegrationsStore store, @Reference Providers providers,
                              @Reference SecretCipher cipher, @Reference AuditLog audit, @Reference AdapterCalls calls,
                              @Reference TokenResolverService resolver) {
        this.store = store;
        this.providers = providers;
        this.cipher = cipher;
        this.audit = audit;
        this.calls = calls;
        this.resolver = resolver;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addParticipant(IntegrationDisconnectParticipant participant) {
        participants.add(participant);
    }

    void removeParticipant(IntegrationDisconnectParticipant participant) {
        participants.remove(participant);
    }

    static boolean mayManage(Caller caller, Rows.IntegrationRow row) {
        return OAuthFlowService.isAdmin(caller) || row.createdBy() != null && row.createdBy().equals(caller.userId());
    }

    private static boolean maySee(Caller caller, Rows.IntegrationRow row) {
        return Visibility.ORG.wireName().equals(row.visibility()) || mayManage(caller, row);
    }

    PageRequest.Page<IntegrationView> list(Caller caller, String service, PageRequest page) {
        UUID organizationId = caller.requireOrganization();
        // admins see everything; others see organization-wide ones and their own private ones
        UUID viewer = OAuthFlowService.isAdmin(caller) ? null : caller.userId() == null ? new UUID(0, 0) : caller.userId();
        UUID after = page.after() == null ? null : Inputs.id("cursor", page.after());
        List<Rows.IntegrationRow> rows = store.unitOfWork().inTransaction(tx ->
                store.integrations(tx).list(organizationId, service, viewer, after, page.limit() + 1));
        return page.page(rows.stream().map(row -> IntegrationView.of(row.toIntegration())).toList(), view -> view.id().toString());
    }

    IntegrationView get(Caller caller, UUID id) {
        return IntegrationView.of(visible(caller, id).toIntegration());
    }

    private Rows.IntegrationRow visible(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        Rows.IntegrationRow row = store.unitOfWork().inTransaction(tx -> store.integrations(tx).get(organizationId, id));
        if (row == null || !maySee(caller, row)) {
            throw ApiProblem.notFound("integration_not_found", "no such integration");
        }
        return row;
    }

    IntegrationView patch(Caller caller, UUID id, String displayName, String visibility) {
        UUID organizationId = caller.requireOrganization();
        String name = Inputs.optionalName("displayName", displayName);
        Visibility newVisibility = visibility == null ? null : Inputs.visibility(visibility, null);
        Rows.IntegrationRow updated = store.unitOfWork().inTransaction(tx -> {
            Rows.IntegrationRow row = store.integrations(tx).get(organizationId, id);
            if (row == null || !maySee(caller, row)) {
                throw ApiProblem.notFound("integration_not_found", "no such integration");
            }
            if (!mayManage(caller, row)) {
                throw new ApiProblem(403, "forbidden", "Forbidden", "only its creator or an admin may change an integration");
            }
            store.integrations(tx).patch(organizationId, id, name,
                    newVisibility == null ? null : newVisibility.wireName(), providers.clock().instant());
            Map<String, Object> details = new HashMap<>();
            if (name != null) {
                details.put("displayName", name);
            }
            if (newVisibility != null) {
                details.put("visibility", newVisibility.wireName());
            }
            audit.record(tx, organizationId, caller, "integration.updated", "integration", id.toString(), details);
            return store.integrations(tx).get(organizationId, id);
        });
        return IntegrationView.of(updated.toIntegration());
    }

    void disconnect(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        Rows.IntegrationRow row = visible(caller, id);
        if (!mayManage(caller, row)) {
            throw new ApiProblem(403, "forbidden", "Forbidden", "only its creator or an admin may disconnect an integration");
        }
        revokeRemotely(row);
        store.unitOfWork().run(tx -> {
            for (IntegrationDisconnectParticipant participant : participants) {
                participant.integrationDisconnected(tx, organizationId, id);
            }
            store.integrations(tx).disconnect(organizationId, id, providers.clock().instant());
            audit.record(tx, organizationId, caller, "integration.disconnected", "integration", id.toString(),
                    Map.of("service", row.service(), "providerAdapterId", row.providerAdapterId()));
        });
        resolver.evict(id);
        LOG.info("integration {} (organization {}, provider {}) disconnected", id, organizationId, row.providerAdapterId());
    }

    private void revokeRemotely(Rows.IntegrationRow row) {
        ProviderAdapter adapter = providers.find(row.providerAdapterId()).orElse(null);
        if (adapter == null || row.sealedTokens() == null) {
            return;
        }
        try {
            TokenSet tokens = SealedTokens.open(cipher, row.sealedTokens(), row.tokenExpiresAt(), Rows.scopes(row.scopesText()));
            OAuthClient client = store.unitOfWork().inTransaction(tx -> providers.client(tx, row.organizationId(),
                    row.providerAdapterId(), row.oauthClientId()).orElse(null));
            ProviderContext context = providers.context(row.providerAdapterId(), row.organizationId(), row.id(),
                    row.connectionId(), client);
            calls.call("revoke", () -> {
                adapter.revoke(tokens, context);
                return null;
            });
        } catch (ProviderException | RuntimeException e) {
            LOG.warn("revoking integration {} at the provider failed ({}); deleting our copy anyway", row.id(),
                    e instanceof ProviderException provider ? provider.reason() : e.getClass().getSimpleName());
        }
    }

    List<Map<String, Object>> metadata(Caller caller, UUID id, String kind) {
        Rows.IntegrationRow row = visible(caller, id);
        ProviderAdapter adapter = providers.require(row.providerAdapterId());
        if (kind == null || !adapter.metadataKinds().contains(kind)) {
            throw ApiProblem.notFound("metadata_kind_not_found", "provider adapter '" + row.providerAdapterId()
                    + "' answers " + adapter.metadataKinds());
        }
        try {
            AccessToken token = resolver.resolve(row.organizationId(), id);
            ProviderContext context = providers.context(row.providerAdapterId(), row.organizationId(), id,
                    row.connectionId(), null);
            try {
                return calls.call("metadata", () -> adapter.metadata(kind, context, token));
            } catch (ProviderException e) {
                if (e.reason() != ProviderException.Reason.UNAUTHORIZED) {
                    throw e;
                }
                AccessToken fresh = resolver.refreshAfterUnauthorized(row.organizationId(), id, token);
                return calls.call("metadata", () -> adapter.metadata(kind, context, fresh));
            }
        } catch (ProviderException e) {
            if (e.reason() == ProviderException.Reason.RATE_LIMITED) {
                throw new ApiProblem(429, "provider_rate_limited", "Too many requests", row.service() + " is throttling");
            }
            throw new ApiProblem(502, "provider_error", "Bad gateway", row.service() + " failed ("
                    + e.reason().name().toLowerCase(java.util.Locale.ROOT) + ")");
        } catch (IntegrationException e) {
            throw problem(e);
        }
    }

    static ApiProblem problem(IntegrationException e) {
        if (e instanceof ReconnectRequiredException) {
            return new ApiProblem(409, e.code(), "Conflict", e.getMessage());
        }
        if (e instanceof IntegrationUnavailableException) {
            return new ApiProblem(502, e.code(), "Bad gateway", e.getMessage());
        }
        return ApiProblem.notFound(e.code(), e.getMessage());
    }

    Instant now() {
        return providers.clock().instant();
    }
}
