package dev.switchboard.integrations.github.internal;

import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks GitHub's {@code X-Hub-Signature-256: sha256=<hex>} header: HMAC-SHA256 of the raw body with the
 * webhook secret, compared in constant time. Fails with {@code UNAUTHORIZED} when the secret is missing,
 * the header is missing or malformed, or the signature does not match.
 */
public final class WebhookSignature {

    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    public static void verify(byte[] body, Optional<String> header, SecretValue secret) throws ProviderException {
        if (secret == null || secret.isEmpty()) {
            throw ProviderException.of(Reason.UNAUTHORIZED, "no GitHub webhook secret configured: delivery refused");
        }
        String signature = header.map(String::trim).orElseThrow(
                () -> ProviderException.of(Reason.UNAUTHORIZED, "webhook without X-Hub-Signature-256"));
        if (!signature.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw ProviderException.of(Reason.UNAUTHORIZED, "X-Hub-Signature-256 is not sha256=<hex>");
        }
        byte[] expected = HexFormat.of().formatHex(hmac(body, secret)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.substring(PREFIX.length()).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw ProviderException.of(Reason.UNAUTHORIZED, "webhook signature does not match");
        }
    }

    /** {@code sha256=<hex>} for {@code body}; for tests and tools that send deliveries. */
    public static String sign(byte[] body, SecretValue secret) {
        return PREFIX + HexFormat.of().formatHex(hmac(body, secret));
    }

    private static byte[] hmac(byte[] body, SecretValue secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
