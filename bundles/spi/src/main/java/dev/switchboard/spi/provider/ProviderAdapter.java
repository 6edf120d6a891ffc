package dev.switchboard.spi.provider;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.Plugin;
import dev.switchboard.spi.WebhookRequest;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Connects Switchboard to one outside service (GitHub, Linear, Sentry, an ATS, ...): how credentials are
 * obtained, kept fresh and given up, plus look-ups of the service's metadata.
 *
 * <p>Contract for every method:
 * <ul>
 *   <li><b>Threading.</b> Called from any engine thread, concurrently, for many organizations at once.
 *       Implementations must be thread-safe and keep no per-organization state in fields; everything a call
 *       needs comes from its {@link ProviderContext}.</li>
 *   <li><b>Time.</b> Every outbound call must have a timeout (30 s at most); the engine additionally abandons
 *       a call after 30 s. Time decisions use {@link ProviderContext#clock()}.</li>
 *   <li><b>Errors.</b> Failures are reported as {@link ProviderException} with a
 *       {@link ProviderException.Reason}; runtime exceptions are treated as bugs
 *       ({@code BAD_RESPONSE}). Messages never contain tokens, codes or response bodies.</li>
 *   <li><b>Secrets.</b> Tokens travel as {@link SecretValue}, {@link AccessToken} and {@link TokenSet}; never
 *       log them. JSON values are plain Java values: {@code Map<String,Object>}, {@code List<Object>},
 *       {@code String}, {@code Number}, {@code Boolean} or {@code null}.</li>
 * </ul>
 * Methods whose default throws {@link ProviderException.Reason#UNSUPPORTED} are needed only for the
 * {@link #authKind()} noted on each.
 */
public interface ProviderAdapter extends Plugin {

    /** The service this adapter connects, e.g. {@code github}; action adapters and trigger sources name it too. */
    String service();

    /** How credentials are obtained; constant for the lifetime of the service. */
    AuthKind authKind();

    /** Endpoints and defaults; present exactly when {@link #authKind()} is {@link AuthKind#OAUTH2}. */
    default Optional<OAuth2Settings> oauth2() {
        return Optional.empty();
    }

    /**
     * Builds the URL the user's browser is sent to ({@link AuthKind#OAUTH2}, or an app-installation URL for
     * {@link AuthKind#APP_INSTALLATION}). Pure: no network calls, same input gives the same URL.
     */
    default URI authorizeUrl(AuthorizeRequest request, ProviderContext context) throws ProviderException {
        throw ProviderException.unsupported("authorizeUrl");
    }

    /**
     * Exchanges the callback's authorization code for tokens ({@link AuthKind#OAUTH2}). Not idempotent: a code
     * works once; a reused or expired code fails with {@link ProviderException.Reason#INVALID_GRANT}.
     */
    default TokenSet exchangeCode(CodeExchange exchange, ProviderContext context) throws ProviderException {
        throw ProviderException.unsupported("exchangeCode");
    }

    /**
     * Trades a refresh token for fresh tokens ({@link AuthKind#OAUTH2}). The provider may rotate the refresh
     * token: the engine stores {@link TokenSet#refreshToken()} when present and serializes refreshes per
     * integration, so an adapter never sees two concurrent refreshes of the same token. A refresh token the
     * provider rejects fails with {@link ProviderException.Reason#INVALID_GRANT}.
     */
    default TokenSet refresh(SecretValue refreshToken, ProviderContext context) throws ProviderException {
        throw ProviderException.unsupported("refresh");
    }

    /**
     * Revokes the tokens when an integration is disconnected. Best effort and idempotent: tokens that are
     * already invalid count as revoked; the engine deletes its copy whatever happens. Default: nothing to do.
     */
    default void revoke(TokenSet tokens, ProviderContext context) throws ProviderException {
    }

    /**
     * Returns a fresh token for the integration in {@code context} when the adapter mints or fetches tokens
     * itself ({@link AuthKind#APP_INSTALLATION}: an installation token; {@link AuthKind#BROKER}: the broker's
     * current token). The engine caches the result until shortly before {@link AccessToken#expiresAt()}.
     */
    default AccessToken resolveToken(ProviderContext context) throws ProviderException {
        throw ProviderException.unsupported("resolveToken");
    }

    /**
     * Checks credentials a person entered and returns what the engine stores ({@link AuthKind#API_KEY}): an API
     * key, a secret feed address. Called when an integration is created with credentials and again whenever its
     * credentials are replaced; nothing is stored unless this returns. The adapter validates for real (calls the
     * service, fetches the feed) within the time limits of every call.
     *
     * <p>The engine seals the returned {@link TokenSet} and later resolves the integration's token from it
     * without calling the adapter: {@link AccessToken#value()} is {@link TokenSet#accessToken()}, and
     * {@link AccessToken#type()} is the {@code String} under {@link TokenSet#extra()} key
     * {@value #EXTRA_TOKEN_TYPE} (default {@code Bearer}), so an adapter can remember a non-secret qualifier of
     * the credential there. {@link TokenSet#extra()} key {@value #EXTRA_DISPLAY_NAME} suggests the integration's
     * display name when the person gave none; it must not contain the credential.
     *
     * @param credentials the fields the person entered, by name (the adapter's descriptor documents them)
     * @throws CredentialsRejectedException the credentials are not acceptable; the person is told why
     * @throws ProviderException            the service could not be asked (default: {@code UNSUPPORTED})
     * @since provider 1.3.0
     */
    default TokenSet acceptCredentials(Map<String, SecretValue> credentials, ProviderContext context)
            throws CredentialsRejectedException, ProviderException {
        throw ProviderException.unsupported("acceptCredentials");
    }

    /** {@link TokenSet#extra()} key: the token type stored credentials resolve to (see {@link #acceptCredentials}). */
    String EXTRA_TOKEN_TYPE = "token_type";

    /** {@link TokenSet#extra()} key: a display name suggested for a new integration (see {@link #acceptCredentials}). */
    String EXTRA_DISPLAY_NAME = "display_name";

    /**
     * Whether this adapter verifies installation claims (see {@link #verifyInstallationClaim}); constant. When
     * it does, the engine requires the provider's user authorization on every app-installation redirect.
     */
    default boolean verifiesInstallationClaims() {
        return false;
    }

    /**
     * Proves that the user who completed an app installation's setup redirect may access the installation
     * ({@link AuthKind#APP_INSTALLATION}). The installation id of a setup redirect is not authenticated by the
     * provider, so the engine calls this before it stores the connection, with {@code userAuthorization} made
     * of the {@code code} the provider added to the redirect (GitHub: "Request user authorization (OAuth)
     * during installation") and the engine's callback URI. {@code context} carries the installation id as
     * {@link ProviderContext#connectionId()} and the app's OAuth client as {@link ProviderContext#client()}.
     *
     * <p>The adapter exchanges the code for a user token and checks the user's access; it keeps, stores,
     * revokes and logs nothing of that token. Fails with {@link ProviderException.Reason#UNAUTHORIZED} when the
     * user cannot access the installation, {@link ProviderException.Reason#INVALID_GRANT} for a reused, expired
     * or foreign code. Default: {@link ProviderException.Reason#UNSUPPORTED}, meaning the adapter cannot verify
     * claims; the engine then refuses the installation unless the deployment allows unverified ones. Adapters
     * that implement it also answer {@code true} from {@link #verifiesInstallationClaims()}.
     *
     * @param connectionId      the installation id the redirect named, as the engine will store it
     * @param userAuthorization the redirect's authorization code and the redirect URI (no PKCE verifier)
     */
    default void verifyInstallationClaim(String connectionId, CodeExchange userAuthorization, ProviderContext context)
            throws ProviderException {
        throw ProviderException.unsupported("verifyInstallationClaim");
    }

    /** The kinds {@link #metadata} answers, e.g. {@code teams}, {@code projects}; constant. */
    default Set<String> metadataKinds() {
        return Set.of();
    }

    /**
     * Looks up metadata of the connected account for configuration forms, e.g. Linear teams or Sentry
     * projects. Read-only and idempotent. Each element is a plain JSON-like map with at least {@code id} and
     * {@code name}. An unknown {@code kind} fails with {@link ProviderException.Reason#UNSUPPORTED}.
     */
    default List<Map<String, Object>> metadata(String kind, ProviderContext context, AccessToken token)
            throws ProviderException {
        throw ProviderException.unsupported("metadata " + kind);
    }

    /** Capability names a connected integration satisfies for skills, e.g. {@code ats}, {@code email-read}. */
    default Set<String> satisfiedCapabilities() {
        return Set.of();
    }

    /** The skill variables this adapter can fill in; constant. */
    default List<SkillVariable> skillVariables() {
        return List.of();
    }

    /**
     * Values of {@link #skillVariables()} for one integration, computed with a fresh token at render time.
     * A variable without a value is left out. The engine substitutes them and never logs or caches the result.
     */
    default Map<String, SecretValue> skillVariableValues(ProviderContext context, AccessToken token)
            throws ProviderException {
        return Map.of();
    }

    /** Whether this adapter handles lifecycle webhooks (see {@link #lifecycleEvents}). */
    default boolean handlesLifecycleWebhooks() {
        return false;
    }

    /**
     * Turns a provider's lifecycle webhook (e.g. GitHub App {@code installation.deleted}) into status changes.
     * The adapter verifies the signature with {@code secret} first (constant-time comparison) and fails with
     * {@link ProviderException.Reason#UNAUTHORIZED} if it does not match. Deliveries may repeat: the engine
     * applies the returned statuses idempotently. Events the adapter does not care about give an empty list.
     */
    default List<LifecycleEvent> lifecycleEvents(WebhookRequest request, SecretValue secret, ProviderContext context)
            throws ProviderException {
        throw ProviderException.unsupported("lifecycle webhooks");
    }

    /**
     * The provider-side connection id an app-level webhook concerns (GitHub: the payload's
     * {@code installation.id}), so the engine can hand a verified delivery to the triggers of the integrations
     * with that connection. Called only after {@link #lifecycleEvents} accepted the signature. Pure, no I/O.
     * Default: empty (the delivery concerns no single connection).
     */
    default Optional<String> webhookConnectionId(WebhookRequest request) {
        return Optional.empty();
    }

    /**
     * The reply a provider expects to a handshake delivery, e.g. Slack's {@code url_verification}, which must be
     * answered with its {@code challenge}: a small JSON-like map the engine sends back as the response body.
     * The adapter verifies the signature with {@code secret} first and fails with
     * {@link ProviderException.Reason#UNAUTHORIZED} if it does not match. Empty when the delivery is not a
     * handshake (the engine then processes it as a lifecycle or app-level event). Default: empty.
     */
    default Optional<Map<String, Object>> webhookHandshake(WebhookRequest request, SecretValue secret,
                                                           ProviderContext context) throws ProviderException {
        return Optional.empty();
    }
}
