package dev.switchboard.integrations.oauth2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthorizeRequest;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.TokenSet;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The OAuth 2.0 authorization-code flow (RFC 6749) against one provider's {@link OAuth2Endpoints}: the
 * authorization URL (state, scopes, PKCE {@code S256}), code exchange, refresh and RFC 7009 revocation.
 * Stateless and thread-safe; cheap to create per call.
 *
 * <p>Token endpoint answers: {@code access_token} (required), {@code refresh_token} (absent after a refresh
 * means "keep the previous one", see {@link TokenSet#refreshToken()}), {@code expires_in} (seconds, turned into
 * an instant with the caller's clock), {@code scope} (space- or comma-separated, or a JSON array); every other
 * field goes to {@link TokenSet#extra()}. JSON is expected; a form-encoded answer is read too.
 *
 * <p>Failures: OAuth error {@code invalid_grant} → {@link Reason#INVALID_GRANT}; {@code invalid_client},
 * {@code unauthorized_client}, HTTP 401/403 → {@link Reason#UNAUTHORIZED}; 429 → {@link Reason#RATE_LIMITED} with
 * {@code Retry-After}; 5xx, I/O errors and time-outs → {@link Reason#UNAVAILABLE}; other errors and malformed
 * answers → {@link Reason#BAD_RESPONSE}. Messages carry the OAuth error code, never a body, code or token.
 */
public final class OAuth2Client {

    private static final Pattern SCOPE_SPLIT = Pattern.compile("[\\s,]+");
    private static final Pattern SAFE_ERROR_CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Set<String> STANDARD_FIELDS = Set.of("access_token", "refresh_token", "expires_in", "scope",
            "token_type");

    private final OAuth2Endpoints endpoints;
    private final ProviderHttp http;

    public OAuth2Client(OAuth2Endpoints endpoints, ProviderHttp http) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.http = Objects.requireNonNull(http, "http");
    }

    public OAuth2Endpoints endpoints() {
        return endpoints;
    }

    /**
     * The authorization URL: {@code response_type=code}, {@code client_id}, {@code redirect_uri}, {@code scope}
     * (the request's or the defaults), {@code state}, the PKCE challenge when the provider supports PKCE and the
     * request carries one, then the endpoints' constant parameters. Pure: no network call.
     */
    public URI authorizeUrl(AuthorizeRequest request, OAuthClient client) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.clientId());
        query.put("redirect_uri", request.redirectUri().toString());
        List<String> scopes = request.scopes().isEmpty() ? endpoints.defaultScopes() : request.scopes();
        if (!scopes.isEmpty()) {
            query.put("scope", String.join(endpoints.scopeSeparator(), scopes));
        }
        query.put("state", request.state());
        if (endpoints.pkce() && request.codeChallenge() != null) {
            query.put("code_challenge", request.codeChallenge());
            query.put("code_challenge_method", AuthorizeRequest.CODE_CHALLENGE_METHOD);
        }
        endpoints.authorizeParameters().forEach(query::putIfAbsent);
        String base = endpoints.authorizeUrl().toString();
        String separator = endpoints.authorizeUrl().getRawQuery() == null ? "?" : "&";
        return URI.create(base + separator + encode(query));
    }

    /** Exchanges the authorization code; a used or expired code fails with {@link Reason#INVALID_GRANT}. */
    public TokenSet exchangeCode(CodeExchange exchange, OAuthClient client, Clock clock) throws ProviderException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", exchange.code().reveal());
        form.put("redirect_uri", exchange.redirectUri().toString());
        if (endpoints.pkce() && exchange.codeVerifier() != null && !exchange.codeVerifier().isEmpty()) {
            form.put("code_verifier", exchange.codeVerifier().reveal());
        }
        return tokenRequest(form, client, clock, "code exchange");
    }

    /**
     * Trades {@code refreshToken} for new tokens. When the provider rotates the refresh token the result carries
     * the new one; otherwise its {@link TokenSet#refreshToken()} is {@code null} and the old one stays valid.
     */
    public TokenSet refresh(SecretValue refreshToken, OAuthClient client, Clock clock) throws ProviderException {
        Objects.requireNonNull(refreshToken, "refreshToken");
        if (refreshToken.isEmpty()) {
            throw ProviderException.of(Reason.INVALID_GRANT, "no refresh token to refresh with");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken.reveal());
        return tokenRequest(form, client, clock, "token refresh");
    }

    /**
     * Revokes the refresh token (when present) and the access token at the revocation endpoint (RFC 7009). Best
     * effort and idempotent: tokens the provider reports as invalid count as revoked; without a revocation
     * endpoint nothing happens.
     */
    public void revoke(TokenSet tokens, OAuthClient client, Clock clock) throws ProviderException {
        if (endpoints.revokeUrl() == null) {
            return;
        }
        if (tokens.refreshToken() != null && !tokens.refreshToken().isEmpty()) {
            revokeOne(tokens.refreshToken(), "refresh_token", client, clock);
        }
        revokeOne(tokens.accessToken(), "access_token", client, clock);
    }

    private void revokeOne(SecretValue token, String hint, OAuthClient client, Clock clock) throws ProviderException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token.reveal());
        form.put("token_type_hint", hint);
        String what = "revocation of the " + hint.replace('_', ' ');
        ProviderHttp.Response response = http.send(formPost(endpoints.revokeUrl(), form, client), what);
        if (response.isSuccess()) {
            return;
        }
        String error = oauthError(response).orElse("");
        if (response.statusCode() == 400
                && (error.equals("invalid_token") || error.equals("invalid_grant") || error.equals("unsupported_token_type"))) {
            return;
        }
        throw failure(response, error, clock, what);
    }

    private TokenSet tokenRequest(Map<String, String> form, OAuthClient client, Clock clock, String what)
            throws ProviderException {
        ProviderHttp.Response response = http.send(formPost(endpoints.tokenUrl(), form, client), what);
        if (!response.isSuccess()) {
            throw failure(response, oauthError(response).orElse(""), clock, what);
        }
        JsonNode body = parseBody(response, what);
        if (!body.isObject()) {
            throw ProviderException.of(Reason.BAD_RESPONSE, what + ": token response is not an object");
        }
        if (body.hasNonNull("error")) {
            // some providers answer 200 with an OAuth error
            throw failure(response, body.path("error").asText(), clock, what);
        }
        return tokenSet((ObjectNode) body, clock.instant(), what);
    }

    private HttpRequest.Builder formPost(URI uri, Map<String, String> form, OAuthClient client) {
        Map<String, String> body = new LinkedHashMap<>(form);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        SecretValue secret = client.clientSecret();
        boolean hasSecret = secret != null && !secret.isEmpty();
        if (hasSecret && endpoints.clientAuth() == ClientAuthMethod.CLIENT_SECRET_BASIC) {
            String credentials = formEncode(client.clientId()) + ":" + formEncode(secret.reveal());
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else {
            body.put("client_id", client.clientId());
            if (hasSecret) {
                body.put("client_secret", secret.reveal());
            }
        }
        return request.POST(HttpRequest.BodyPublishers.ofString(encode(body)));
    }

    private static TokenSet tokenSet(ObjectNode body, Instant now, String what) throws ProviderException {
        String accessToken = text(body, "access_token");
        if (accessToken == null) {
            throw ProviderException.of(Reason.BAD_RESPONSE, what + ": token response without access_token");
        }
        String refreshToken = text(body, "refresh_token");
        Map<String, Object> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!STANDARD_FIELDS.contains(field.getKey())) {
                extra.put(field.getKey(), ProviderHttp.toPlain(field.getValue()));
            }
        }
        return new TokenSet(SecretValue.of(accessToken), refreshToken == null ? null : SecretValue.of(refreshToken),
                expiresAt(body.get("expires_in"), now, what), scopes(body.get("scope")), extra);
    }

    private static Instant expiresAt(JsonNode expiresIn, Instant now, String what) throws ProviderException {
        if (expiresIn == null || expiresIn.isNull()) {
            return null;
        }
        long seconds;
        if (expiresIn.isIntegralNumber() && expiresIn.canConvertToLong()) {
            seconds = expiresIn.asLong();
        } else if (expiresIn.isTextual() && expiresIn.asText().trim().matches("\\d{1,12}")) {
            seconds = Long.parseLong(expiresIn.asText().trim());
        } else {
            throw ProviderException.of(Reason.BAD_RESPONSE, what + ": expires_in is not a whole number of seconds");
        }
        if (seconds < 0) {
            throw ProviderException.of(Reason.BAD_RESPONSE, what + ": expires_in is negative");
        }
        return now.plusSeconds(seconds);
    }

    private static Set<String> scopes(JsonNode scope) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope == null || scope.isNull()) {
            return scopes;
        }
        if (scope.isArray()) {
            scope.forEach(element -> scopes.add(element.asText()));
        } else {
            for (String part : SCOPE_SPLIT.split(scope.asText().trim())) {
                if (!part.isEmpty()) {
                    scopes.add(part);
                }
            }
        }
        return scopes;
    }

    private static JsonNode parseBody(ProviderHttp.Response response, String what) throws ProviderException {
        if (response.mediaType().equals("application/x-www-form-urlencoded")) {
            ObjectNode node = ProviderHttp.mapper().createObjectNode();
            decodeForm(response.body()).forEach(node::put);
            return node;
        }
        return ProviderHttp.parseJson(response.body(), what);
    }

    /** The OAuth {@code error} code of an error answer, if the body carries a readable one. */
    private static Optional<String> oauthError(ProviderHttp.Response response) {
        try {
            JsonNode body = parseBody(response, "error response");
            JsonNode error = body.path("error");
            return error.isTextual() ? Optional.of(error.asText()) : Optional.empty();
        } catch (ProviderException e) {
            return Optional.empty();
        }
    }

    private static ProviderException failure(ProviderHttp.Response response, String error, Clock clock, String what) {
        String code = SAFE_ERROR_CODE.matcher(error).matches() ? " (" + error + ")" : "";
        int status = response.statusCode();
        if (status == 429 || status == 408 || status >= 500) {
            return ProviderHttp.failure(response, clock, what);
        }
        if (error.equals("invalid_grant")) {
            return ProviderException.of(Reason.INVALID_GRANT, what + ": the grant is invalid, expired or revoked" + code);
        }
        if (error.equals("invalid_client") || error.equals("unauthorized_client") || status == 401 || status == 403) {
            return ProviderException.of(Reason.UNAUTHORIZED, what + ": the client credentials were rejected"
                    + code + " with HTTP " + status);
        }
        return ProviderException.of(Reason.BAD_RESPONSE, what + " failed with HTTP " + status + code);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    private static String encode(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(entry -> formEncode(entry.getKey()) + "=" + formEncode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** Form encoding with {@code %20} for spaces, which both query strings and form bodies accept. */
    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> decodeForm(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return values;
        }
        for (String pair : body.trim().split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }
}
