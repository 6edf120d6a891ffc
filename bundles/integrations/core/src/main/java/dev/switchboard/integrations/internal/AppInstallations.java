package dev.switchboard.integrations.internal;

import dev.switchboard.foundation.Ids;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback half of connecting an {@link AuthKind#APP_INSTALLATION} adapter (e.g. a GitHub App). The
 * provider sends the browser to the app's setup URL with {@code installation_id}, {@code setup_action} and
 * the state {@link OAuthFlowService} issued, plus a {@code code} when the app requests user authorization
 * during installation; the state has been verified and consumed before this runs.
 *
 * <p>The {@code installation_id} of the redirect is not authenticated by the provider: the signed single-use
 * state proves which member started the flow, not that this member may access the installation. So the claim
 * is verified first: for an adapter that {@linkplain ProviderAdapter#verifiesInstallationClaims() verifies
 * claims} the redirect must carry a {@code code} (else {@value #INSTALLATION_UNVERIFIED}), which
 * {@code ProviderAdapter.verifyInstallationClaim} exchanges for a user token to check the user's access to the
 * installation (GitHub: {@code GET /user/installations}); a user without access or a bad code is refused with
 * {@value #INSTALLATION_UNVERIFIED}, any other adapter failure with {@code provider_error}. An adapter that
 * cannot verify (it does not claim to, or answers {@code UNSUPPORTED}) is refused with
 * {@value #INSTALLATION_UNVERIFIED} unless the deployment sets {@code installations.allowUnverified = true},
 * which brings back the risk that a member of any organization who knows an unclaimed installation id of the
 * app connects it (whoever connects an installation first holds it). Nothing is stored before the claim passes.
 *
 * <p>The installation is then proved reachable by one {@code ProviderAdapter.resolveToken} with the
 * installation id as connection id (the token is thrown away: tokens of installations are never stored, always
 * resolved through the adapter), which proves it is an installation of this app. Then, in one transaction
 * holding an advisory lock on the installation:
 * <ul>
 *   <li>an installation that another organization holds (status active, suspended or expired) is refused
 *       with {@value #ALREADY_CONNECTED}: one installation belongs to one organization. A disconnected
 *       ({@code revoked}) or {@code deleted} row does not hold it.</li>
 *   <li>a reconnect ({@code integrationId} in the state) points that row at the installation; an installation
 *       the organization already has as another integration is refused the same way.</li>
 *   <li>otherwise the organization's row for that installation is made active again, or a new row is
 *       inserted ({@code connection_id} = installation id, no tokens, no scopes).</li>
 * </ul>
 * The audit entry records whether the claim was {@code verified}.
 */
final class AppInstallations {

    static final String INSTALLATION_MISSING = "installation_missing";
    static final String INSTALLATION_REQUESTED = "installation_requested";
    static final String INSTALLATION_NOT_FOUND = "installation_not_found";
    static final String ALREADY_CONNECTED = "integration_already_connected";
    static final String INSTALLATION_UNVERIFIED = "installation_unverified";
    private static final int MAX_CODE_LENGTH = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(AppInstallations.class);
    private static final Pattern INSTALLATION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");
    private static final Set<String> HOLDING = Set.of("active", "suspended", "expired");

    private final IntegrationsStore store;
    private final Providers providers;
    private final AuditLog audit;
    private final AdapterCalls calls;
    private final TokenResolverService resolver;

    AppInstallations(IntegrationsStore store, Providers providers, AuditLog audit, AdapterCalls calls,
                     TokenResolverService resolver) {
        this.store = store;
        this.providers = providers;
        this.audit = audit;
        this.calls = calls;
        this.resolver = resolver;
    }

    /**
     * Verifies the claim and stores the installation of {@code pending}; {@code code} is the redirect's user
     * authorization, or {@code null}. Failures are {@link ApiProblem}s whose code goes to the console.
     */
    UUID complete(ProviderAdapter adapter, Rows.OAuthStateRow pending, String installationId, String setupAction,
                  String code) {
        if (installationId == null || installationId.isBlank()) {
            // GitHub: a member without admin rights on the account only requested the installation
            throw failure("request".equals(setupAction) ? INSTALLATION_REQUESTED : INSTALLATION_MISSING);
        }
        if (!INSTALLATION_ID.matcher(installationId).matches()) {
            throw failure(INSTALLATION_MISSING);
        }
        UUID organizationId = pending.organizationId();
        String providerAdapterId = pending.providerAdapterId();
        OAuthClient client = store.unitOfWork().inTransaction(tx -> providers.client(tx, organizationId,
                providerAdapterId, pending.oauthClientId()).orElse(null));
        boolean verified = verifyClaim(adapter, pending, installationId, client, code);
        proveReachable(adapter, pending, installationId, client);
        Instant now = providers.clock().instant();
        String clientId = client == null ? null : client.clientId();
        Caller actor = new Caller(Caller.Kind.CONSOLE_SESSION, pending.userId(), organizationId, null, null, null, null, false);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("service", adapter.service());
        details.put("providerAdapterId", providerAdapterId);
        details.put("connectionId", installationId);
        details.put("setupAction", setupAction == null ? "" : setupAction);
        details.put("verified", verified);
        UUID id = store.unitOfWork().inTransaction(tx -> {
            IntegrationMapper mapper = store.integrations(tx);
            mapper.lockConnection(providerAdapterId, installationId);
            List<Rows.IntegrationRow> holders = mapper.byConnection(providerAdapterId, installationId);
            if (holders.stream().anyMatch(row -> !row.organizationId().equals(organizationId) && HOLDING.contains(row.status()))) {
                LOG.warn("organization {} tried to connect {} installation {}, which another organization holds",
                        organizationId, providerAdapterId, installationId);
                throw failure(ALREADY_CONNECTED);
            }
            Rows.IntegrationRow sameOrganization = mapper.lockByConnection(organizationId, installationId);
            if (sameOrganization != null && !sameOrganization.providerAdapterId().equals(providerAdapterId)) {
                throw failure(ALREADY_CONNECTED); // connection ids are unique per organization, whatever the adapter
            }
            Rows.IntegrationRow target = sameOrganization;
            if (pending.integrationId() != null) {
                target = mapper.lock(organizationId, pending.integrationId());
                if (target == null) {
                    throw ApiProblem.notFound("integration_not_found", "the integration was deleted during the flow");
                }
                if (sameOrganization != null && !sameOrganization.id().equals(target.id())) {
                    throw failure(ALREADY_CONNECTED);
                }
            }
            if (target != null) {
                mapper.attachInstallation(organizationId, target.id(), installationId, clientId, now);
                audit.record(tx, organizationId, actor, "integration.reconnected", "integration", target.id().toString(), details);
                return target.id();
            }
            UUID newId = Ids.newId(providers.clock());
            String name = pending.displayName() != null ? pending.displayName() : adapter.descriptor().displayName();
            mapper.insert(newId, organizationId, adapter.service(), providerAdapterId, installationId, name, "",
                    pending.visibility(), clientId, null, null, null, pending.userId(), now);
            audit.record(tx, organizationId, actor, "integration.connected", "integration", newId.toString(), details);
            return newId;
        });
        resolver.evict(id);
        LOG.info("integration {} (organization {}, provider {}) connected to installation {} ({}, {})", id, organizationId,
                providerAdapterId, installationId, setupAction, verified ? "claim verified" : "claim NOT verified");
        return id;
    }

    /**
     * Whether the claim was verified; {@code false} means unverifiable and allowed by the deployment. Refuses
     * (throws) otherwise. The code is passed to the adapter only, never logged.
     */
    private boolean verifyClaim(ProviderAdapter adapter, Rows.OAuthStateRow pending, String installationId,
                                OAuthClient client, String code) {
        if (adapter.verifiesInstallationClaims()) {
            if (code == null || code.isBlank() || code.length() > MAX_CODE_LENGTH) {
                LOG.warn("organization {} tried to connect {} installation {} without the user authorization the"
                        + " adapter verifies claims with (is user authorization during installation enabled?)",
                        pending.organizationId(), pending.providerAdapterId(), installationId);
                throw failure(INSTALLATION_UNVERIFIED);
            }
            ProviderContext context = providers.context(pending.providerAdapterId(), pending.organizationId(),
                    pending.integrationId(), installationId, client);
            CodeExchange authorization = new CodeExchange(SecretValue.of(code), providers.config().callbackUri(), null);
            try {
                calls.call("verifyInstallationClaim",
                        () -> {
                            adapter.verifyInstallationClaim(installationId, authorization, context);
                            return null;
                        });
                return true;
            } catch (ProviderException e) {
                if (e.reason() != ProviderException.Reason.UNSUPPORTED) {
                    boolean denied = e.reason() == ProviderException.Reason.UNAUTHORIZED
                            || e.reason() == ProviderException.Reason.INVALID_GRANT;
                    LOG.warn("{} installation {}: the claim of organization {} {}: {} ({})", pending.providerAdapterId(),
                            installationId, pending.organizationId(), denied ? "was refused" : "could not be verified",
                            e.reason(), e.getMessage());
                    throw failure(denied ? INSTALLATION_UNVERIFIED : OAuthFlowService.PROVIDER_ERROR);
                }
            }
        }
        if (!providers.config().allowUnverifiedInstallations()) {
            LOG.warn("organization {} tried to connect {} installation {}, but the adapter cannot verify installation"
                    + " claims and installations.allowUnverified is off", pending.organizationId(),
                    pending.providerAdapterId(), installationId);
            throw failure(INSTALLATION_UNVERIFIED);
        }
        LOG.warn("organization {} connects {} installation {} without a verified claim (installations.allowUnverified)",
                pending.organizationId(), pending.providerAdapterId(), installationId);
        return false;
    }

    private void proveReachable(ProviderAdapter adapter, Rows.OAuthStateRow pending, String installationId,
                                OAuthClient client) {
        ProviderContext context = providers.context(pending.providerAdapterId(), pending.organizationId(),
                pending.integrationId(), installationId, client);
        try {
            calls.call("resolveToken", () -> adapter.resolveToken(context));
        } catch (ProviderException e) {
            LOG.warn("installation {} of {} is not reachable for organization {}: {} ({})", installationId,
                    pending.providerAdapterId(), pending.organizationId(), e.reason(), e.getMessage());
            throw failure(e.reason() == ProviderException.Reason.INVALID_GRANT ? INSTALLATION_NOT_FOUND
                    : OAuthFlowService.PROVIDER_ERROR);
        }
    }

    private static ApiProblem failure(String code) {
        return new ApiProblem(409, code, "Conflict", code.replace('_', ' '));
    }
}
