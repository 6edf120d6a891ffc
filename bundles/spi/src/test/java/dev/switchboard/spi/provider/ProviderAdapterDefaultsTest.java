package dev.switchboard.spi.provider;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.PluginDescriptor;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderAdapterDefaultsTest {

    private final ProviderAdapter apiKeyAdapter = new ProviderAdapter() {
        @Override
        public PluginDescriptor descriptor() {
            return PluginDescriptor.of("acme", "Acme", "1.0.0", "");
        }

        @Override
        public String service() {
            return "acme";
        }

        @Override
        public AuthKind authKind() {
            return AuthKind.API_KEY;
        }
    };

    private final ProviderContext context = new ProviderContext("org-1", "int-1", null, Map.of(), Clock.systemUTC());

    @Test
    void operationsOfOtherAuthKindsAreUnsupported() {
        ProviderException failure = assertThrows(ProviderException.class, () -> apiKeyAdapter.resolveToken(context));

        assertEquals(ProviderException.Reason.UNSUPPORTED, failure.reason());
        assertTrue(apiKeyAdapter.oauth2().isEmpty());
        assertThrows(ProviderException.class, () -> apiKeyAdapter.refresh(SecretValue.of("r"), context));
    }

    @Test
    void enteredCredentialsAreUnsupportedByDefault() {
        ProviderException failure = assertThrows(ProviderException.class,
                () -> apiKeyAdapter.acceptCredentials(Map.of("apiKey", SecretValue.of("k")), context));

        assertEquals(ProviderException.Reason.UNSUPPORTED, failure.reason());
    }

    @Test
    void credentialRefusalsCarryAStableCode() {
        CredentialsRejectedException refusal = new CredentialsRejectedException("calendar_not_free_busy", "url",
                "Calendar contains attendees.");

        assertEquals("calendar_not_free_busy", refusal.code());
        assertEquals("url", refusal.field());
        assertThrows(IllegalArgumentException.class, () -> new CredentialsRejectedException("Bad Code", null, "m"));
        assertThrows(NullPointerException.class, () -> new CredentialsRejectedException("ok", null, null));
    }

    @Test
    void unknownMetadataKindIsUnsupported() {
        ProviderException failure = assertThrows(ProviderException.class,
                () -> apiKeyAdapter.metadata("teams", context, AccessToken.bearer("t")));

        assertEquals(ProviderException.Reason.UNSUPPORTED, failure.reason());
        assertTrue(apiKeyAdapter.metadataKinds().isEmpty());
    }

    @Test
    void installationClaimsCannotBeVerifiedByDefault() {
        CodeExchange authorization = new CodeExchange(SecretValue.of("code-1"),
                URI.create("https://switchboard.example/api/v1/integrations/oauth/callback"), null);

        ProviderException failure = assertThrows(ProviderException.class,
                () -> apiKeyAdapter.verifyInstallationClaim("4711", authorization, context));

        assertEquals(ProviderException.Reason.UNSUPPORTED, failure.reason());
        assertTrue(!failure.getMessage().contains("code-1"));
        assertTrue(!apiKeyAdapter.verifiesInstallationClaims());
    }
}
