package dev.switchboard.integrations.internal;

import dev.switchboard.foundation.Ids;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.integrations.Visibility;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.AuthorizeRequest;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.OAuth2Settings;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.TokenSet;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser flows that connect an integration: the authorization-code flow for {@link AuthKind#OAUTH2}
 * adapters and the app-installation flow for {@link AuthKind#APP_INSTALLATION} adapters (see
 * {@link AppInstallations}); both use the same signed, single-use states.
 *
 * <p>{@link #connect}: stores a pending state (SHA-256 of the signed state, the PKCE verifier sealed, the
 * requested scopes, name and visibility, the OAuth client id, the integration to reconnect) valid for
 * {@link #STATE_TTL}, and returns the adapter's authorize URL. {@link #callback}: verifies the signature,
 * consumes the state (single use, not expired), exchanges the code and stores the tokens sealed, then tells
 * where to send the browser. The callback never answers JSON: it always redirects (303) to the console with
 * {@code ?integration=<id>} or {@code ?error=<code>}; nothing is stored on any error, and provider error
 * descriptions are neither logged nor forwarded.
 *
 * <p>When the token response names the provider-side connection ({@code TokenSet.extra()} key
 * {@value #EXTRA_CONNECTION_ID}, e.g. the Slack team id), it becomes the integration's connection id, so that
 * lifecycle webhooks find the integration; connecting the same connection again in the organization updates
 * its row. Otherwise the connection id is the integration id.
 */
@Component(service = OAuthFlowService.class)
public class OAuthFlowService {

    static final Duration STATE_TTL = Duration.ofMinutes(5);
    static final String STATE_INVALID = "oauth_state_invalid";
    static final String STATE_EXPIRED = "oauth_state_expired";
    static final String PROVIDER_DENIED = "provider_denied";
    static final String PROVIDER_ERROR = "provider_error";
    static final String PROVIDER_NOT_FOUND = "provider_not_found";
    /** The {@code TokenSet.extra()} key an adapter names the provider-side connection with. */
    static final String EXTRA_CONNECTION_ID = "connection_id";
    private static final Pattern CONNECTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");
    private static final Logger LOG = LoggerFactory.getLogger(OAuthFlowService.class);
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}");
    private static final Pattern RETURN_TO = Pattern.compile("/(?![/\\\\])[A-Za-z0-9._~!$&'()*+,;=:@/?%-]{0,500}");

    private final IntegrationsStore store;
    private final Providers providers;
    private final SecretCipher cipher;
    private final AuditLog audit;
    private final AdapterCalls calls;
    private final TokenResolverService resolver;
    private final AppInstallations installations;

    @Activate
    public OAuthFlowService(@Reference IntegrationsStore store, @Reference Providers providers,
                            @Reference SecretCipher cipher, @Reference AuditLog audit, @Reference AdapterCalls calls,
                            @Reference TokenResolverService resolver) {
        this.store = store;
        this.providers = providers;
        this.cipher = cipher;
        this.audit = audit;
        this.calls = calls;
        this.resolver = resolver;
        this.installations = new AppInstallations(store, providers, audit, calls, resolver);
    }

    /** Body of {@code POST /api/v1/integrations/connect}; {@code integrationId} set means reconnect. */
    public record ConnectRequest(String providerAdapterId, List<String> scopes, String displayName, String visibility,
                                 UUID integrationId, String returnTo) {
    }

    /** The URL to send the browser to, and until when it works. */
    public record ConnectResponse(String authorizeUrl, String expiresAt) {
    }

    ConnectResponse connect(Caller caller, ConnectRequest request) {
        UUID organizationId = caller.requireOrganization();
        UUID userId = caller.requireUser();
        ProviderAdapter adapter = providers.require(request.providerAdapterId());
        OAuth2Settings settings = adapter.oauth2().orElse(null);
        boolean installation = adapter.authKind() == AuthKind.APP_INSTALLATION;
        if (!installation && (adapter.authKind() != AuthKind.OAUTH2 || settings == null)) {
            throw new ApiProblem(400, "connect_not_supported", "Bad request", "provider adapter '"
                    + request.providerAdapterId() + "' connects neither through OAuth 2.0 nor an app installation");
        }
        if (installation && request.scopes() != null && !request.scopes().isEmpty()) {
            throw Inputs.field("invalid_scopes", "scopes", "do not apply to app installations");
        }
        List<String> scopes = installation ? List.of() : validScopes(request.scopes(), settings);
        String displayName = Inputs.optionalName("displayName", request.displayName());
        Visibility visibility = Inputs.visibility(request.visibility(), Visibility.ORG);
        String returnTo = validReturnTo(request.returnTo());
        IntegrationsConfig config = providers.config();
        String state = OAuthStates.issue(config.stateKey());
        String verifier = !installation && settings.pkceSupported() ? OAuthStates.newVerifier() : null;
        Instant now = providers.clock().instant();
        Instant expiresAt = now.plus(STATE_TTL);
        OAuthClient client = store.unitOfWork().inTransaction(tx -> {
            if (request.integrationId() != null) {
                Rows.IntegrationRow existing = store.integrations(tx).get(organizationId, request.integrationId());
                if (existing == null || !existing.providerAdapterId().equals(request.providerAdapterId())
                        || !IntegrationService.mayManage(caller, existing)) {
                    throw ApiProblem.notFound("integration_not_found", "no such integration");
                }
            }
            // an app installation needs no OAuth client; the adapter gets one when the deployment has it
            OAuthClient chosen = installation ? providers.client(tx, organizationId, request.providerAdapterId()).orElse(null)
                    : providers.client(tx, organizationId, request.providerAdapterId()).orElseThrow(() -> new ApiProblem(409,
                    "oauth_client_missing", "Conflict", "no OAuth app is configured for '" + request.providerAdapterId()
                            + "': an admin can add the organization's own under /api/v1/oauth-apps"));
            Ciphertext sealedVerifier = verifier == null ? null : cipher.encrypt(verifier);
            store.states(tx).insert(new Rows.OAuthStateRow(OAuthStates.hash(state), organizationId, userId,
                    request.providerAdapterId(), request.integrationId(), Rows.scopesText(scopes), displayName,
                    visibility.wireName(), chosen == null ? null : chosen.clientId(), sealedVerifier == null ? null : sealedVerifier.keyId(),
                    sealedVerifier == null ? null : sealedVerifier.value(), returnTo, expiresAt, null), now);
            return chosen;
        });
        ProviderContext context = providers.context(request.providerAdapterId(), organizationId, request.integrationId(),
                null, client);
        AuthorizeRequest authorize = new AuthorizeRequest(state, config.callbackUri(), scopes,
                verifier == null ? null : OAuthStates.challenge(verifier));
        URI url;
        try {
            url = calls.call("authorizeUrl", () -> adapter.authorizeUrl(authorize, context));
        } catch (ProviderException e) {
            throw new ApiProblem(502, "provider_error", "Bad gateway", "the provider adapter could not build the"
                    + " authorization URL (" + e.reason().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return new ConnectResponse(url.toString(), expiresAt.toString());
    }

    /**
     * Completes a flow; returns where to redirect the browser. Never throws for bad input: every failure is
     * an {@code ?error=} code.
     */
    URI callback(String code, String state, String providerError) {
        return callback(code, state, providerError, null, null);
    }

    /**
     * Completes a flow; {@code installationId} and {@code setupAction} are the query parameters of an app
     * installation's setup redirect, whose {@code code} (when the provider requests user authorization during
     * installation) verifies the installation claim. Which flow applies is decided by the adapter the state was
     * issued for, never by the parameters present.
     */
    URI callback(String code, String state, String providerError, String installationId, String setupAction) {
        IntegrationsConfig config = providers.config();
        if (!OAuthStates.verify(config.stateKey(), state)) {
            LOG.info("OAuth callback with a forged or malformed state");
            return console(config, null, Map.of("error", STATE_INVALID));
        }
        String hash = OAuthStates.hash(state);
        Instant now = providers.clock().instant();
        Rows.OAuthStateRow pending = store.unitOfWork().inTransaction(tx -> store.states(tx).consume(hash, now));
        if (pending == null) {
            Rows.OAuthStateRow known = store.unitOfWork().inTransaction(tx -> store.states(tx).find(hash));
            boolean expired = known != null && known.usedAt() == null && !known.expiresAt().isAfter(now);
            LOG.info("OAuth callback with a {} state", expired ? "expired" : known == null ? "unknown" : "replayed");
            return console(config, known == null ? null : known.returnTo(), Map.of("error", expired ? STATE_EXPIRED : STATE_INVALID));
        }
        if (providerError != null && !providerError.isBlank()) {
            // the provider's error_description is not logged: it is the provider's text, possibly echoing input
            LOG.info("OAuth callback for organization {} (provider {}): the provider answered an error",
                    pending.organizationId(), pending.providerAdapterId());
            return console(config, pending.returnTo(), Map.of("error", PROVIDER_DENIED));
        }
        ProviderAdapter adapter = providers.find(pending.providerAdapterId()).orElse(null);
        if (adapter == null) {
            return console(config, pending.returnTo(), Map.of("error", PROVIDER_NOT_FOUND));
        }
        if (adapter.authKind() == AuthKind.APP_INSTALLATION) {
            try {
                UUID id = installations.complete(adapter, pending, installationId, setupAction, code);
                return console(config, pending.returnTo(), Map.of("integration", id.toString()));
            } catch (ApiProblem e) {
                return console(config, pending.returnTo(), Map.of("error", e.code()));
            }
        }
        if (code == null || code.isBlank() || code.length() > 4096) {
            return console(config, pending.returnTo(), Map.of("error", PROVIDER_ERROR));
        }
        try {
            UUID id = complete(adapter, pending, SecretValue.of(code), config.callbackUri());
            return console(config, pending.returnTo(), Map.of("integration", id.toString()));
        } catch (ProviderException e) {
            LOG.warn("OAuth code exchange for organization {} (provider {}) failed: {} ({})", pending.organizationId(),
                    pending.providerAdapterId(), e.reason(), e.getMessage());
            return console(config, pending.returnTo(), Map.of("error", PROVIDER_ERROR));
        } catch (ApiProblem e) {
            return console(config, pending.returnTo(), Map.of("error", e.code()));
        }
    }

    private UUID complete(ProviderAdapter adapter, Rows.OAuthStateRow pending, SecretValue code, URI redirectUri)
            throws ProviderException {
        UUID organizationId = pending.organizationId();
        OAuthClient client = store.unitOfWork().inTransaction(tx -> providers.client(tx, organizationId,
                pending.providerAdapterId(), pending.oauthClientId()).orElse(null));
        if (client == null || !client.clientId().equals(pending.oauthClientId())) {
            throw new ApiProblem(409, "oauth_client_missing", "Conflict", "the OAuth app changed during the flow");
        }
        SecretValue verifier = pending.sealedVerifier() == null ? null
                : SecretValue.of(SealedTokens.revealUtf8(cipher, pending.sealedVerifier()));
        ProviderContext context = providers.context(pending.providerAdapterId(), organizationId, pending.integrationId(),
                null, client);
        TokenSet tokens = calls.call("exchangeCode", () -> adapter.exchangeCode(new CodeExchange(code, redirectUri, verifier), context));
        List<String> granted = tokens.scopes().isEmpty() ? Rows.scopes(pending.scopesText())
                : tokens.scopes().stream().sorted().toList();
        Ciphertext sealed = SealedTokens.seal(cipher, tokens);
        Instant now = providers.clock().instant();
        Caller actor = new Caller(Caller.Kind.CONSOLE_SESSION, pending.userId(), organizationId, null, null, null, null, false);
        String connectionId = connectionId(tokens);
        UUID id = store.unitOfWork().inTransaction(tx -> {
            IntegrationMapper mapper = store.integrations(tx);
            Rows.IntegrationRow sameConnection = null;
            if (connectionId != null) {
                mapper.lockConnection(pending.providerAdapterId(), connectionId);
                sameConnection = mapper.lockByConnection(organizationId, connectionId);
                if (sameConnection != null && !sameConnection.providerAdapterId().equals(pending.providerAdapterId())) {
                    throw new ApiProblem(409, AppInstallations.ALREADY_CONNECTED, "Conflict",
                            "the connection id is taken by another provider's integration");
                }
            }
            Rows.IntegrationRow existing = sameConnection;
            if (pending.integrationId() != null) {
                existing = mapper.lock(organizationId, pending.integrationId());
                if (existing == null) {
                    throw ApiProblem.notFound("integration_not_found", "the integration was deleted during the flow");
                }
                if (sameConnection != null && !sameConnection.id().equals(existing.id())) {
                    throw new ApiProblem(409, AppInstallations.ALREADY_CONNECTED, "Conflict",
                            "this account is connected as another integration of the organization");
                }
            }
            if (existing != null) {
                mapper.reconnect(organizationId, existing.id(), Rows.scopesText(granted), client.clientId(),
                        sealed.keyId(), sealed.value(), tokens.expiresAt(), connectionId, now);
                audit.record(tx, organizationId, actor, "integration.reconnected", "integration", existing.id().toString(),
                        details(adapter, granted));
                return existing.id();
            }
            UUID newId = Ids.newId(providers.clock());
            String name = pending.displayName() != null ? pending.displayName() : adapter.descriptor().displayName();
            mapper.insert(newId, organizationId, adapter.service(), pending.providerAdapterId(),
                    connectionId != null ? connectionId : newId.toString(), name,
                    Rows.scopesText(granted), pending.visibility(), client.clientId(), sealed.keyId(), sealed.value(),
                    tokens.expiresAt(), pending.userId(), now);
            audit.record(tx, organizationId, actor, "integration.connected", "integration", newId.toString(),
                    details(adapter, granted));
            return newId;
        });
        resolver.evict(id);
        LOG.info("integration {} (organization {}, provider {}) {}", id, organizationId, pending.providerAdapterId(),
                pending.integrationId() != null ? "reconnected" : "connected");
        return id;
    }

    /** The provider-side connection the adapter named in the token response, if it named a well-formed one. */
    private static String connectionId(TokenSet tokens) {
        Object value = tokens.extra().get(EXTRA_CONNECTION_ID);
        return value instanceof String text && CONNECTION_ID.matcher(text).matches() ? text : null;
    }

    private static Map<String, Object> details(ProviderAdapter adapter, List<String> scopes) {
        return Map.of("service", adapter.service(), "providerAdapterId", adapter.descriptor().id(), "scopes", scopes);
    }

    private static URI console(IntegrationsConfig config, String returnTo, Map<String, String> query) {
        String base = config.consoleUrl().toString();
        if (returnTo != null) {
            base = config.publicUrl() + returnTo;
        }
        StringBuilder url = new StringBuilder(base);
        char separator = base.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> entry : new LinkedHashMap<>(query).entrySet()) {
            url.append(separator).append(entry.getKey()).append('=')
                    .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return URI.create(url.toString());
    }

    private static List<String> validScopes(List<String> requested, OAuth2Settings settings) {
        if (requested == null || requested.isEmpty()) {
            return settings.defaultScopes();
        }
        List<String> scopes = new ArrayList<>();
        for (String scope : requested) {
            if (scope == null || !SCOPE.matcher(scope).matches()) {
                throw Inputs.field("invalid_scopes", "scopes", "each scope is 1-200 printable characters without spaces");
            }
            if (!scopes.contains(scope)) {
                scopes.add(scope);
            }
        }
        if (scopes.size() > 50) {
            throw Inputs.field("invalid_scopes", "scopes", "at most 50 scopes");
        }
        return scopes;
    }

    /** Only paths on this deployment: an absolute URL here would make the callback an open redirect. */
    private static String validReturnTo(String returnTo) {
        if (returnTo == null || returnTo.isBlank()) {
            return null;
        }
        if (!RETURN_TO.matcher(returnTo).matches()) {
            throw Inputs.field("invalid_return_to", "returnTo", "must be a path on this deployment, starting with one '/'");
        }
        return returnTo;
    }

    static boolean isAdmin(Caller caller) {
        return caller.role() != null && caller.role().atLeast(Role.ADMIN);
    }
}
