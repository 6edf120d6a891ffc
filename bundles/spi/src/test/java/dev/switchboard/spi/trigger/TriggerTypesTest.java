package dev.switchboard.spi.trigger;

import dev.switchboard.spi.WebhookRequest;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriggerTypesTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static TriggerEvent event(String dedupKey) {
        return new TriggerEvent("Issue:create", "ISS-1", dedupKey, NOW, Map.of("title", "Crash on login"),
                ParsedContext.titled("Crash on login"));
    }

    @Test
    void rejectionNeedsAReasonAndAcceptanceHasNone() {
        assertTrue(Verification.accepted().valid());
        assertEquals("signature mismatch", Verification.rejected("signature mismatch").reason());
        assertThrows(IllegalArgumentException.class, () -> Verification.rejected(" "));
        assertThrows(IllegalArgumentException.class, () -> new Verification(true, "why"));
    }

    @Test
    void eventNeedsIdsAndBoundedDedupKey() {
        assertEquals("linear:ISS-1:create", event("linear:ISS-1:create").dedupKey());
        assertThrows(IllegalArgumentException.class, () -> event(""));
        assertThrows(IllegalArgumentException.class, () -> event("k".repeat(TriggerEvent.MAX_DEDUP_KEY_LENGTH + 1)));
        assertThrows(NullPointerException.class, () -> new TriggerEvent("t", "id", "k", null, Map.of(),
                ParsedContext.titled("x")));
    }

    @Test
    void eventToStringOmitsThePayload() {
        String printed = event("linear:ISS-1:create").toString();

        assertFalse(printed.contains("Crash on login"), printed);
        assertTrue(printed.contains("linear:ISS-1:create"), printed);
    }

    @Test
    void parsedContextNeedsATitleAndCopiesFiles() {
        List<String> files = new ArrayList<>(List.of("src/app.ts"));
        ParsedContext context = new ParsedContext("Crash", null, null, files, "acme/app");
        files.clear();

        assertEquals(List.of("src/app.ts"), context.relatedFiles());
        assertEquals("", context.description());
        assertThrows(IllegalArgumentException.class, () -> ParsedContext.titled(" "));
    }

    @Test
    void pollResultNeedsACursor() {
        assertThrows(NullPointerException.class, () -> new PollResult(List.of(), null));
        assertEquals(List.of(), new PollResult(null, "c1").events());
    }

    @Test
    void contextRequiresOrganizationAndTrigger() {
        assertThrows(IllegalArgumentException.class, () -> new TriggerContext("org", "", null, null, Clock.systemUTC()));
        assertEquals(Map.of(), new TriggerContext("org", "trg", null, null, Clock.systemUTC()).config());
    }

    @Test
    void webhookOnlySourceRejectsPollingAndPollingOnlySourceRejectsWebhooks() {
        TriggerSource pollingOnly = new TriggerSource() {
            @Override
            public PluginDescriptor descriptor() {
                return PluginDescriptor.of("gmail", "Gmail", "1.0.0", "");
            }

            @Override
            public String service() {
                return "gmail";
            }

            @Override
            public Set<TriggerMode> modes() {
                return Set.of(TriggerMode.POLLING);
            }
        };
        WebhookRequest request = new WebhookRequest(new byte[0], Map.of(), "/t", Map.of());

        assertFalse(pollingOnly.verify(request, SecretValue.of("s"), NOW).valid());
        TriggerSourceException failure = assertThrows(TriggerSourceException.class,
                () -> pollingOnly.poll(new TriggerContext("org", "trg", null, null, Clock.systemUTC()), "c",
                        AccessToken.NONE));
        assertEquals(TriggerSourceException.Kind.UNSUPPORTED, failure.kind());
        assertTrue(pollingOnly.matches(event("k"), Map.of()));
    }
}
