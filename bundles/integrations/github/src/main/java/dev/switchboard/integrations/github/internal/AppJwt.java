package dev.switchboard.integrations.github.internal;

import static dev.switchboard.integrations.github.GitHubConstants.JWT_BACKDATE;
import static dev.switchboard.integrations.github.GitHubConstants.JWT_LIFETIME;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The JSON Web Token a GitHub App authenticates as itself with: RS256, {@code iss} = app id (or client id),
 * {@code iat} = now − 60 s against clock drift, {@code exp} = now + 9 min (GitHub allows at most 10).
 * It is a credential: never log it.
 */
public final class AppJwt {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64URL.encodeToString(
            "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    private static final Pattern NUMERIC = Pattern.compile("[0-9]{1,18}");

    private AppJwt() {
    }

    /**
     * A signed JWT for {@code appId} issued at {@code now}. {@code appId} has been validated
     * ({@code [A-Za-z0-9._-]}), so it needs no JSON escaping; a numeric app id is sent as a number.
     */
    public static String create(String appId, PrivateKey key, Instant now) throws GeneralSecurityException {
        String issuer = NUMERIC.matcher(appId).matches() ? appId : "\"" + appId + "\"";
        String claims = "{\"iat\":" + now.minus(JWT_BACKDATE).getEpochSecond()
                + ",\"exp\":" + now.plus(JWT_LIFETIME).getEpochSecond()
                + ",\"iss\":" + issuer + "}";
        String signingInput = HEADER + "." + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + BASE64URL.encodeToString(signature.sign());
    }
}
