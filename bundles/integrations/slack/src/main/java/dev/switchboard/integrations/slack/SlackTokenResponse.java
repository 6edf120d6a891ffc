package dev.switchboard.integrations.slack;

import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import dev.switchboard.spi.provider.TokenSet;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@code oauth.v2.access} answer into a {@link TokenSet}. Without token rotation Slack returns a bot token
 * ({@code xoxb-}) that does not expire and no refresh token; with rotation it adds {@code refresh_token} and
 * {@code expires_in} (12 hours). Workspace facts go to {@link TokenSet#extra()}: {@code team_id}, {@code team_name},
 * {@code bot_user_id}, {@code app_id}, {@code enterprise_id}, {@code is_enterprise_install}, {@code token_type}
 * and {@code connection_id} — the team id, or the enterprise id for an org-wide install, which has no team.
 */
final class SlackTokenResponse {

    private SlackTokenResponse() {
    }

    static TokenSet toTokenSet(Map<String, Object> body, Instant now) throws ProviderException {
        String accessToken = string(body, "access_token");
        if (accessToken == null || accessToken.isEmpty()) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "Slack oauth.v2.access returned no bot access_token");
        }
        String refreshToken = string(body, "refresh_token");
        Instant expiresAt = body.get("expires_in") instanceof Number seconds ? now.plusSeconds(seconds.longValue()) : null;
        return new TokenSet(SecretValue.of(accessToken),
                refreshToken == null || refreshToken.isEmpty() ? null : SecretValue.of(refreshToken),
                expiresAt, scopes(string(body, "scope")), extra(body));
    }

    private static Map<String, Object> extra(Map<String, Object> body) throws ProviderException {
        Map<String, Object> extra = new LinkedHashMap<>();
        putIfPresent(extra, "token_type", string(body, "token_type"));
        putIfPresent(extra, "bot_user_id", string(body, "bot_user_id"));
        putIfPresent(extra, "app_id", string(body, "app_id"));
        String teamId = string(object(body, "team"), "id");
        putIfPresent(extra, "team_id", teamId);
        putIfPresent(extra, "team_name", string(object(body, "team"), "name"));
        String enterpriseId = string(object(body, "enterprise"), "id");
        putIfPresent(extra, "enterprise_id", enterpriseId);
        putIfPresent(extra, "enterprise_name", string(object(body, "enterprise"), "name"));
        boolean enterpriseInstall = Boolean.TRUE.equals(body.get("is_enterprise_install"));
        extra.put("is_enterprise_install", enterpriseInstall);
        String connectionId = enterpriseInstall && enterpriseId != null ? enterpriseId : teamId;
        if (connectionId == null) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "Slack oauth.v2.access named neither team nor enterprise");
        }
        extra.put(SlackConstants.EXTRA_CONNECTION_ID, connectionId);
        return extra;
    }

    private static Set<String> scopes(String scope) {
        if (scope == null || scope.isBlank()) {
            return Set.of();
        }
        Set<String> scopes = new LinkedHashSet<>();
        Arrays.stream(scope.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(scopes::add);
        return scopes;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> map, String key) {
        return map != null && map.get(key) instanceof Map<?, ?> nested ? (Map<String, Object>) nested : null;
    }

    private static String string(Map<String, Object> map, String key) {
        return map != null && map.get(key) instanceof String value ? value : null;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
