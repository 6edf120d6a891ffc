package dev.switchboard.identity.internal;

import java.time.Duration;
import java.time.Instant;

/** The console session cookie: HttpOnly, SameSite=Strict, Secure when configured. */
final class SessionCookie {

    private SessionCookie() {
    }

    static String set(String token, Instant expiresAt, boolean secure) {
        long maxAge = Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds());
        return AuthFilter.SESSION_COOKIE + "=" + token + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    static String clear(boolean secure) {
        return AuthFilter.SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
