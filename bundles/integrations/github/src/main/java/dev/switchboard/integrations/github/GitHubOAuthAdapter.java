package dev.switchboard.integrations.github;

import static dev.switchboard.integrations.github.GitHubConstants.OAUTH_ADAPTER_ID;
import static dev.switchboard.integrations.github.GitHubConstants.OAUTH_PID;
import static dev.switchboard.integrations.github.GitHubConstants.SERVICE;

import dev.switchboard.integrations.github.internal.ComponentConfig;
import dev.switchboard.integrations.github.internal.GitHubHttp;
import dev.switchboard.integrations.github.internal.GitHubSettings;
import dev.switchboard.integrations.github.internal.Json;
import dev.switchboard.integrations.github.internal.OAuthTokens;
import dev.switchboard.integrations.github.internal.Pages;
import dev.switchboard.integrations.github.internal.Pages.ItemsOf;
import dev.switchboard.integrations.github.internal.Repositories;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.AuthorizeRequest;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.OAuth2Settings;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.TokenSet;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * GitHub through an OAuth app, or a GitHub App's user authorization (same endpoints): authorization-code
 * flow with PKCE (GitHub accepts {@code S256} since July 2025), refresh of expiring user tokens, revocation
 * through {@code DELETE /applications/{client_id}/token}, and look-ups of the user, their organizations and
 * repositories. Configured by {@code etc/dev.switchboard.integrations.github.cfg} (optional) under the
 * call's {@link ProviderContext#config()}; the OAuth client comes from {@link ProviderContext#client()}.
 */
@Component(service = ProviderAdapter.class, configurationPid = OAUTH_PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class GitHubOAuthAdapter implements ProviderAdapter {

    static final String USER = "user";
    static final String ORGANIZATIONS = "organizations";
    static final String REPOSITORIES = "repositories";

    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(OAUTH_ADAPTER_ID, "GitHub (OAuth)",
            "1.0.0", "Connects GitHub with an OAuth app (or a GitHub App's user authorization): a token that acts "
                    + "as the user who connected.", """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "properties": {
               "apiBaseUrl": {"type": "string", "format": "uri", "default": "https://api.github.com",
                 "title": "API base URL", "description": "https://<host>/api/v3 on GitHub Enterprise Server"},
               "webBaseUrl": {"type": "string", "format": "uri", "default": "https://github.com",
                 "title": "Web base URL", "description": "Hosts /login/oauth/authorize and /login/oauth/access_token"},
               "scopes": {"type": "array", "items": {"type": "string"}, "default": ["repo", "read:org"],
                 "title": "Default scopes", "description": "Requested when a connection asks for none"}
             },
             "additionalProperties": false}""", Set.of("pkce", "refresh", "revoke"));

    private final Map<String, Object> componentConfig;
    private final GitHubHttp http;

    @Activate
    public GitHubOAuthAdapter(Map<String, Object> properties) {
        this(properties, new GitHubHttp());
    }

    GitHubOAuthAdapter(Map<String, Object> properties, GitHubHttp http) {
        this.componentConfig = ComponentConfig.of(properties, OAUTH_PID);
        this.http = http;
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public String service() {
        return SERVICE;
    }

    @Override
    public AuthKind authKind() {
        return AuthKind.OAUTH2;
    }

    @Override
    public Optional<OAuth2Settings> oauth2() {
        GitHubSettings settings = ComponentConfig.settingsOrDefaults(componentConfig);
        return Optional.of(new OAuth2Settings(settings.web("/login/oauth/authorize"),
                settings.web("/login/oauth/access_token"), settings.scopes(), true));
    }

    @Override
    public URI authorizeUrl(AuthorizeRequest request, ProviderContext context) throws ProviderException {
        GitHubSettings settings = settings(context);
        List<String> scopes = request.scopes().isEmpty() ? settings.scopes() : request.scopes();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", client(context).clientId());
        query.put("redirect_uri", request.redirectUri().toString());
        query.put("scope", String.join(" ", scopes));
        query.put("state", request.state());
        if (request.codeChallenge() != null) {
            query.put("code_challenge", request.codeChallenge());
            query.put("code_challenge_method", AuthorizeRequest.CODE_CHALLENGE_METHOD);
        }
        return URI.create(settings.web("/login/oauth/authorize") + "?" + form(query));
    }

    @Override
    public TokenSet exchangeCode(CodeExchange exchange, ProviderContext context) throws ProviderException {
        Map<String, String> form = credentials(context);
        form.put("code", exchange.code().reveal());
        form.put("redirect_uri", exchange.redirectUri().toString());
        if (exchange.codeVerifier() != null && !exchange.codeVerifier().isEmpty()) {
            form.put("code_verifier", exchange.codeVerifier().reveal());
        }
        return tokenRequest(form, context, "code exchange");
    }

    @Override
    public TokenSet refresh(SecretValue refreshToken, ProviderContext context) throws ProviderException {
        Map<String, String> form = credentials(context);
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken.reveal());
        return tokenRequest(form, context, "token refresh");
    }

    /** Revokes the grant; a token GitHub no longer knows (404, 422) counts as revoked. */
    @Override
    public void revoke(TokenSet tokens, ProviderContext context) throws ProviderException {
        OAuthClient client = client(context);
        if (client.clientSecret() == null || client.clientSecret().isEmpty()) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "revoke: the OAuth client has no secret");
        }
        GitHubSettings settings = settings(context);
        String basic = Base64.getEncoder().encodeToString((client.clientId() + ":" + client.clientSecret().reveal())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = http.api(settings.api("/applications/" + encode(client.clientId()) + "/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(
                        http.json(Map.of("access_token", tokens.accessToken().reveal()))))
                .build();
        http.expect(request, "revoke", context.clock(), 204, 200, 404, 422);
    }

    @Override
    public Set<String> metadataKinds() {
        return Set.of(USER, ORGANIZATIONS, REPOSITORIES);
    }

    @Override
    public List<Map<String, Object>> metadata(String kind, ProviderContext context, AccessToken token)
            throws ProviderException {
        GitHubSettings settings = settings(context);
        String authorization = "Bearer " + token.value().reveal();
        return switch (kind) {
            case USER -> List.of(user(settings, authorization, context));
            case ORGANIZATIONS -> Pages.list(http, settings, "/user/orgs", authorization, context.clock(),
                    "organizations", ItemsOf.array(), GitHubOAuthAdapter::account);
            case REPOSITORIES -> Pages.list(http, settings, "/user/repos", authorization, context.clock(),
                    "repositories", ItemsOf.array(), Repositories::element);
            default -> throw ProviderException.unsupported("metadata " + kind);
        };
    }

    @Override
    public Set<String> satisfiedCapabilities() {
        return Set.of(SERVICE);
    }

    private Map<String, Object> user(GitHubSettings settings, String authorization, ProviderContext context)
            throws ProviderException {
        HttpRequest request = http.api(settings.api("/user")).header("Authorization", authorization).GET().build();
        Map<String, Object> body = http.object(http.expect(request, "user", context.clock(), 200), "user");
        return account(body).orElseThrow(
                () -> ProviderException.of(Reason.BAD_RESPONSE, "user: GitHub's answer has no id and login"));
    }

    private static Optional<Map<String, Object>> account(Map<String, Object> json) {
        Optional<String> id = Json.id(json, "id");
        Optional<String> login = Json.text(json, "login");
        if (id.isEmpty() || login.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", id.get());
        account.put("name", login.get());
        account.put("login", login.get());
        Json.text(json, "html_url").ifPresent(url -> account.put("url", url));
        return Optional.of(account);
    }

    private TokenSet tokenRequest(Map<String, String> form, ProviderContext context, String operation)
            throws ProviderException {
        GitHubSettings settings = settings(context);
        HttpRequest request = http.oauth(settings.web("/login/oauth/access_token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)))
                .build();
        Map<String, Object> body = http.object(http.expect(request, operation, context.clock(), 200), operation);
        return OAuthTokens.read(body, context.clock().instant(), operation);
    }

    private static Map<String, String> credentials(ProviderContext context) throws ProviderException {
        OAuthClient client = client(context);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", client.clientId());
        if (client.clientSecret() != null && !client.clientSecret().isEmpty()) {
            form.put("client_secret", client.clientSecret().reveal());
        }
        return form;
    }

    private static OAuthClient client(ProviderContext context) throws ProviderException {
        if (context.client() == null) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "GitHub OAuth: no OAuth client (client id and secret) "
                    + "is configured for this organization or deployment");
        }
        return context.client();
    }

    private GitHubSettings settings(ProviderContext context) throws ProviderException {
        return GitHubSettings.merge(componentConfig, context.config());
    }

    private static String form(Map<String, String> values) {
        StringJoiner joined = new StringJoiner("&");
        values.forEach((name, value) -> joined.add(encode(name) + "=" + encode(value)));
        return joined.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
