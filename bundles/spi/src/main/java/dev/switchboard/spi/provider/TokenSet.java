package dev.switchboard.spi.provider;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tokens returned by a code exchange or a refresh. The engine stores them encrypted; {@link #toString()}
 * prints neither the tokens nor the values of {@link #extra()}.
 *
 * @param accessToken  the access token
 * @param refreshToken the refresh token, or {@code null} if the provider issued none; after a refresh a
 *                     {@code null} means "keep the previous one", a value means the provider rotated it
 * @param expiresAt    when the access token expires, or {@code null} if the provider did not say
 * @param scopes       scopes actually granted
 * @param extra        other fields of the token response as plain JSON-like values (e.g. {@code team_id});
 *                     may hold secrets such as an {@code id_token}, so it is never logged
 */
public record TokenSet(
        SecretValue accessToken,
        SecretValue refreshToken,
        Instant expiresAt,
        Set<String> scopes,
        Map<String, Object> extra) {

    public TokenSet {
        Objects.requireNonNull(accessToken, "accessToken");
        if (accessToken.isEmpty()) {
            throw new IllegalArgumentException("accessToken must not be empty");
        }
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The access token as presented to APIs ({@code Bearer}). */
    public AccessToken toAccessToken() {
        return new AccessToken(accessToken, "Bearer", expiresAt);
    }

    @Override
    public String toString() {
        return "TokenSet[accessToken=***, refreshToken=" + (refreshToken == null ? "none" : "***")
                + ", expiresAt=" + expiresAt + ", scopes=" + scopes + ", extra keys=" + extra.keySet() + "]";
    }
}
