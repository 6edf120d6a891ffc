package dev.switchboard.integrations.github.internal;

import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.TokenSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the JSON of {@code POST /login/oauth/access_token}. GitHub answers 200 both ways: tokens
 * ({@code access_token}, {@code scope} comma-separated, {@code token_type}; for GitHub App user tokens with
 * expiry also {@code expires_in}, {@code refresh_token}, {@code refresh_token_expires_in}) or an
 * {@code error} code, which is mapped here.
 */
public final class OAuthTokens {

    /** Extra field: when the refresh token stops working (ISO-8601), if GitHub said. */
    public static final String REFRESH_TOKEN_EXPIRES_AT = "refresh_token_expires_at";
    public static final String TOKEN_TYPE = "token_type";

    private static final Set<String> INVALID_GRANT = Set.of(
            "bad_verification_code", "bad_refresh_token", "invalid_grant", "expired_token", "unverified_user_email");
    private static final Set<String> UNAUTHORIZED = Set.of("incorrect_client_credentials", "invalid_client");
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

    private OAuthTokens() {
    }

    /** The tokens in {@code body}, or the failure its {@code error} stands for. */
    public static TokenSet read(Map<String, Object> body, Instant now, String operation) throws ProviderException {
        Optional<String> error = Json.text(body, "error");
        if (error.isPresent()) {
            throw failure(error.get(), operation);
        }
        String accessToken = Json.text(body, "access_token").orElseThrow(() -> ProviderException.of(
                Reason.BAD_RESPONSE, operation + ": GitHub's answer has neither access_token nor error"));
        SecretValue refreshToken = Json.text(body, "refresh_token").map(SecretValue::of).orElse(null);
        Instant expiresAt = Json.seconds(body, "expires_in").map(now::plusSeconds).orElse(null);
        Map<String, Object> extra = new LinkedHashMap<>();
        Json.text(body, TOKEN_TYPE).ifPresent(type -> extra.put(TOKEN_TYPE, type));
        Json.seconds(body, "refresh_token_expires_in")
                .ifPresent(seconds -> extra.put(REFRESH_TOKEN_EXPIRES_AT, now.plusSeconds(seconds).toString()));
        return new TokenSet(SecretValue.of(accessToken), refreshToken, expiresAt, scopes(body), extra);
    }

    static ProviderException failure(String error, String operation) {
        String code = ERROR_CODE.matcher(error).matches() ? error : "unknown";
        String message = operation + ": GitHub answered error " + code;
        if (INVALID_GRANT.contains(code)) {
            return ProviderException.of(Reason.INVALID_GRANT, message);
        }
        if (UNAUTHORIZED.contains(code)) {
            return ProviderException.of(Reason.UNAUTHORIZED, message);
        }
        // e.g. redirect_uri_mismatch: a configuration problem that a retry does not fix
        return ProviderException.of(Reason.BAD_RESPONSE, message);
    }

    private static Set<String> scopes(Map<String, Object> body) {
        return Json.text(body, "scope")
                .map(scope -> Arrays.stream(scope.split("[,\\s]+")).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }
}
