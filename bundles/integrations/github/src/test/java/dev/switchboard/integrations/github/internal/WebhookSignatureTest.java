package dev.switchboard.integrations.github.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final SecretValue SECRET = SecretValue.of("It's a Secret to Everybody");
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    /** GitHub's documented example for this secret and payload. */
    private static final String DOCUMENTED =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void matchesGitHubsDocumentedExample() {
        assertEquals(DOCUMENTED, WebhookSignature.sign(BODY, SECRET));
        assertDoesNotThrow(() -> WebhookSignature.verify(BODY, Optional.of(DOCUMENTED), SECRET));
        assertDoesNotThrow(() -> WebhookSignature.verify(BODY, Optional.of(DOCUMENTED.toUpperCase()), SECRET));
    }

    @Test
    void refusesWrongMissingOrMalformedSignatures() {
        assertUnauthorized(BODY, Optional.of(DOCUMENTED.replace('7', '8')), SECRET);
        assertUnauthorized("Hello, World?".getBytes(StandardCharsets.UTF_8), Optional.of(DOCUMENTED), SECRET);
        assertUnauthorized(BODY, Optional.empty(), SECRET);
        assertUnauthorized(BODY, Optional.of(DOCUMENTED.substring("sha256=".length())), SECRET);
        assertUnauthorized(BODY, Optional.of("sha1=abc"), SECRET);
        assertUnauthorized(BODY, Optional.of(DOCUMENTED), SecretValue.of("another secret"));
    }

    @Test
    void refusesEverythingWithoutASecret() {
        assertUnauthorized(BODY, Optional.of(DOCUMENTED), SecretValue.EMPTY);
        assertUnauthorized(BODY, Optional.of(DOCUMENTED), null);
    }

    private static void assertUnauthorized(byte[] body, Optional<String> header, SecretValue secret) {
        ProviderException failure = assertThrows(ProviderException.class,
                () -> WebhookSignature.verify(body, header, secret));
        assertEquals(Reason.UNAUTHORIZED, failure.reason());
    }
}
