package dev.switchboard.integrations.nango;

import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.WebhookRequest;
import dev.switchboard.spi.provider.IntegrationStatus;
import dev.switchboard.spi.provider.LifecycleEvent;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.switchboard.integrations.nango.NangoProviderAdapterTest.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NangoLifecycleWebhookTest {

    private static final SecretValue SIGNING_KEY = SecretValue.of("whsec-signing-key");
    private static final ProviderContext CONTEXT =
            new ProviderContext("org-1", null, null, Map.of(), Clock.fixed(NOW, ZoneOffset.UTC));

    private static final WireMockServer NANGO = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    private NangoProviderAdapter adapter;

    @BeforeAll
    static void start() {
        NANGO.start();
    }

    @AfterAll
    static void stop() {
        NANGO.stop();
    }

    @BeforeEach
    void setUp() {
        NANGO.resetAll();
        adapter = new NangoProviderAdapter(NangoProviderAdapterTest.properties(NANGO, Map.of()));
    }

    private static String auth(String operation, boolean success, String providerConfigKey) {
        return """
                {"from": "nango", "type": "auth", "operation": "%s", "connectionId": "conn-1",
                 "authMode": "OAUTH2", "providerConfigKey": "%s", "provider": "linear", "environment": "PROD",
                 "success": %s%s}""".formatted(operation, providerConfigKey, success,
                success ? "" : ", \"error\": {\"type\": \"refresh_token_external_error\", \"description\": \"x\"}");
    }

    private static WebhookRequest signed(String body, SecretValue key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        return request(body, Map.of("x-nango-hmac-sha256", List.of(signature)));
    }

    private static WebhookRequest request(String body, Map<String, List<String>> headers) {
        return new WebhookRequest(body.getBytes(StandardCharsets.UTF_8), headers, "/nango", Map.of());
    }

    @Test
    void failedRefreshExpiresTheIntegration() throws Exception {
        List<LifecycleEvent> events = adapter.lifecycleEvents(signed(auth("refresh", false, "linear"), SIGNING_KEY),
                SIGNING_KEY, CONTEXT);

        assertEquals(List.of(new LifecycleEvent("conn-1", IntegrationStatus.EXPIRED)), events);
    }

    @Test
    void reauthorizationMakesItActiveAgain() throws Exception {
        List<LifecycleEvent> events = adapter.lifecycleEvents(signed(auth("override", true, "linear"), SIGNING_KEY),
                SIGNING_KEY, CONTEXT);

        assertEquals(List.of(new LifecycleEvent("conn-1", IntegrationStatus.ACTIVE)), events);
    }

    @Test
    void deletionDeletesTheIntegration() throws Exception {
        List<LifecycleEvent> events = adapter.lifecycleEvents(signed(auth("deletion", true, "linear"), SIGNING_KEY),
                SIGNING_KEY, CONTEXT);

        assertEquals(List.of(new LifecycleEvent("conn-1", IntegrationStatus.DELETED)), events);
    }

    @Test
    void failedCreationChangesNothing() throws Exception {
        assertEquals(List.of(), adapter.lifecycleEvents(signed(auth("creation", false, "linear"), SIGNING_KEY),
                SIGNING_KEY, CONTEXT));
    }

    @Test
    void webhooksOfOtherIntegrationsAreIgnored() throws Exception {
        assertEquals(List.of(), adapter.lifecycleEvents(signed(auth("refresh", false, "sentry"), SIGNING_KEY),
                SIGNING_KEY, CONTEXT));
    }

    @Test
    void syncAndForwardWebhooksAreIgnored() throws Exception {
        String sync = "{\"type\": \"sync\", \"connectionId\": \"conn-1\", \"providerConfigKey\": \"linear\", \"success\": false}";

        assertEquals(List.of(), adapter.lifecycleEvents(signed(sync, SIGNING_KEY), SIGNING_KEY, CONTEXT));
    }

    @Test
    void wrongSignatureIsRejected() throws Exception {
        WebhookRequest forged = signed(auth("refresh", false, "linear"), SecretValue.of("another-key"));

        ProviderException failure = assertThrows(ProviderException.class,
                () -> adapter.lifecycleEvents(forged, SIGNING_KEY, CONTEXT));

        assertEquals(Reason.UNAUTHORIZED, failure.reason());
    }

    @Test
    void tamperedBodyIsRejected() throws Exception {
        WebhookRequest original = signed(auth("override", true, "linear"), SIGNING_KEY);
        WebhookRequest tampered = request(auth("refresh", false, "linear"), original.headers());

        assertThrows(ProviderException.class, () -> adapter.lifecycleEvents(tampered, SIGNING_KEY, CONTEXT));
    }

    @Test
    void missingOrLegacySignatureIsRejected() {
        String body = auth("refresh", false, "linear");

        assertEquals(Reason.UNAUTHORIZED, assertThrows(ProviderException.class,
                () -> adapter.lifecycleEvents(request(body, Map.of()), SIGNING_KEY, CONTEXT)).reason());
        assertEquals(Reason.UNAUTHORIZED, assertThrows(ProviderException.class, () -> adapter.lifecycleEvents(
                request(body, Map.of("X-Nango-Signature", List.of("abc123"))), SIGNING_KEY, CONTEXT)).reason());
        assertEquals(Reason.UNAUTHORIZED, assertThrows(ProviderException.class, () -> adapter.lifecycleEvents(
                request(body, Map.of("X-Nango-Hmac-Sha256", List.of("not-hex"))), SIGNING_KEY, CONTEXT)).reason());
    }

    @Test
    void withoutAnySigningKeyNothingIsAccepted() throws Exception {
        WebhookRequest request = signed(auth("refresh", false, "linear"), SIGNING_KEY);

        assertThrows(ProviderException.class, () -> adapter.lifecycleEvents(request, null, CONTEXT));
    }

    @Test
    void instanceSigningKeyIsUsedWhenTheEngineHasNone() throws Exception {
        adapter = new NangoProviderAdapter(NangoProviderAdapterTest.properties(NANGO,
                Map.of(".webhookSigningKey", SIGNING_KEY.reveal())));

        List<LifecycleEvent> events = adapter.lifecycleEvents(signed(auth("refresh", false, "linear"), SIGNING_KEY),
                SecretValue.EMPTY, CONTEXT);

        assertEquals(IntegrationStatus.EXPIRED, events.get(0).status());
    }

    @Test
    void authWebhookDropsTheCachedToken() throws Exception {
        NANGO.stubFor(get(urlPathEqualTo("/connection/conn-1")).willReturn(okJson(
                NangoProviderAdapterTest.connection("lin_oauth_1", "2026-03-01T11:00:00.000Z"))));
        ProviderContext connection = NangoProviderAdapterTest.context(NOW);
        adapter.resolveToken(connection);

        adapter.lifecycleEvents(signed(auth("override", true, "linear"), SIGNING_KEY), SIGNING_KEY, CONTEXT);
        adapter.resolveToken(connection);

        NANGO.verify(2, getRequestedFor(urlPathEqualTo("/connection/conn-1")));
    }
}
