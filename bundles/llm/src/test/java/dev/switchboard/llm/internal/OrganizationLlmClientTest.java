package dev.switchboard.llm.internal;

import dev.switchboard.foundation.testing.CapturedLog;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.llm.internal.LlmFixture.security;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.foundation.internal.LlmTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.llm.ChatMessage;
import dev.switchboard.llm.ChatRequest;
import dev.switchboard.llm.InboundMessage;
import dev.switchboard.llm.LlmClient;
import dev.switchboard.llm.LlmException;
import dev.switchboard.llm.MatchCandidate;
import dev.switchboard.llm.MatchResult;
import dev.switchboard.rest.Role;
import dev.switchboard.secrets.SecretCipherException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An organization's own LLM: its key goes to its endpoint, others use the deployment's; key rotation and the
 * organization's deletion reach the row.
 */
class OrganizationLlmClientTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(LlmTestSchema::apply);

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    static final String ORG_KEY = "sk-org-A-0rganizationKeyThatMustNotLeak42";
    static final String DEPLOYMENT_KEY = "sk-deploy-DeploymentKeyThatMustNotLeak77";
    private static final ChatRequest HELLO = ChatRequest.text(List.of(ChatMessage.user("hello")));

    private LlmFixture fixture;
    private UUID orgA;
    private UUID orgB;

    @BeforeEach
    void setUp() {
        fixture = new LlmFixture(DB, LlmFixture.deployment(SERVER.baseUrl() + "/deployment/v1", DEPLOYMENT_KEY, true));
        orgA = fixture.organization();
        orgB = fixture.organization();
        SERVER.stubFor(post(urlPathEqualTo("/deployment/v1/chat/completions"))
                .willReturn(FakeOpenAi.completion("from the deployment", "stop")));
        SERVER.stubFor(post(urlPathEqualTo("/org-a/v1/chat/completions"))
                .willReturn(FakeOpenAi.completion("from organization A", "stop")));
    }

    private void ownLlm(UUID organizationId) {
        fixture.resource.put(security(fixture.user(organizationId, Role.ADMIN)), new LlmSettingsRequest(
                "openai-compatible", SERVER.baseUrl() + "/org-a/v1", "org-a-model", ORG_KEY, null, null));
    }

    private List<LoggedRequest> requests() {
        return SERVER.findAll(anyRequestedFor(anyUrl()));
    }

    @Test
    void theOrganizationsKeyGoesToItsEndpointAndAnotherOrganizationUsesTheDeployments() throws Exception {
        ownLlm(orgA);

        String a = fixture.client.forOrganization(orgA).chat(HELLO).content();
        String b = fixture.client.forOrganization(orgB).chat(HELLO).content();

        assertEquals("from organization A", a);
        assertEquals("from the deployment", b);
        List<LoggedRequest> requests = requests();
        assertEquals(2, requests.size());
        assertEquals("/org-a/v1/chat/completions", requests.get(0).getUrl());
        assertEquals("Bearer " + ORG_KEY, requests.get(0).getHeader("Authorization"));
        assertTrue(requests.get(0).getBodyAsString().contains("\"model\":\"org-a-model\""));
        assertEquals("/deployment/v1/chat/completions", requests.get(1).getUrl());
        assertEquals("Bearer " + DEPLOYMENT_KEY, requests.get(1).getHeader("Authorization"));
        assertSame(fixture.client, fixture.client.forOrganization(orgB), "no settings: the deployment's client");
        assertFalse(fixture.client.forOrganization(orgA).toString().contains(ORG_KEY));
    }

    @Test
    void anOrganizationWithItsOwnLlmIsConfiguredWithoutADeploymentLlm() throws Exception {
        LlmFixture noDeployment = new LlmFixture(DB, LlmFixture.deployment(null, null, true));
        noDeployment.resource.put(security(noDeployment.user(orgA, Role.OWNER)), new LlmSettingsRequest(
                "openai-compatible", SERVER.baseUrl() + "/org-a/v1", "org-a-model", ORG_KEY, null, null));

        assertFalse(noDeployment.client.isConfigured());
        assertTrue(noDeployment.client.forOrganization(orgA).isConfigured());
        assertFalse(noDeployment.client.forOrganization(orgB).isConfigured());
        assertEquals("from organization A", noDeployment.client.forOrganization(orgA).chat(HELLO).content());
        assertEquals(LlmException.Kind.NOT_CONFIGURED, assertThrows(LlmException.class,
                () -> noDeployment.client.forOrganization(orgB).chat(HELLO)).kind());
    }

    @Test
    void theMatcherAsksTheOrganizationsLlm() {
        ownLlm(orgA);
        SERVER.stubFor(post(urlPathEqualTo("/org-a/v1/chat/completions")).willReturn(FakeOpenAi.completion(
                "{\"skill\":\"notes\",\"confidence\":0.9,\"fields\":{},\"summary\":\"A note.\"}", "stop")));
        LlmMessageMatcher matcher = new LlmMessageMatcher(fixture.client);
        List<MatchCandidate> candidates = List.of(MatchCandidate.of("notes", "the user sends a note", "Notes",
                "notes", List.of()));

        MatchResult forA = matcher.match(orgA, InboundMessage.message("bob", "remember the milk"), candidates);
        MatchResult forB = matcher.match(orgB, InboundMessage.message("bob", "remember the milk"), candidates);

        assertInstanceOf(MatchResult.Matched.class, forA);
        assertInstanceOf(MatchResult.NotMatched.class, forB, "the deployment answers prose: malformed");
        assertEquals("Bearer " + ORG_KEY, requests().get(0).getHeader("Authorization"));
        assertEquals("Bearer " + DEPLOYMENT_KEY, requests().get(1).getHeader("Authorization"));
    }

    @Test
    void aKeyThatCannotBeOpenedFailsTheCallAndNeverFallsBackToTheDeployment() {
        ownLlm(orgA);
        fixture.cipher.keys.remove("k1");

        try (CapturedLog log = new CapturedLog()) {
            LlmClient client = fixture.client.forOrganization(orgA);
            LlmException failure = assertThrows(LlmException.class, () -> client.chat(HELLO));

            assertTrue(client.isConfigured());
            assertEquals(LlmException.Kind.UNAVAILABLE, failure.kind());
            assertTrue(failure.getMessage().contains("UNKNOWN_KEY_ID"), failure.getMessage());
            assertTrue(requests().isEmpty(), "nothing is sent anywhere");
            assertFalse(log.text().contains(ORG_KEY));
        }
    }

    @Test
    void aPrivateEndpointIsRefusedAtCallTimeWhenTheDeploymentNoLongerAllowsIt() {
        ownLlm(orgA);
        ConfiguredLlmClient strict = new ConfiguredLlmClient(LlmFixture.deployment(SERVER.baseUrl() + "/deployment/v1",
                DEPLOYMENT_KEY, false), Clock.systemUTC(), fixture.settings);

        LlmException failure = assertThrows(LlmException.class, () -> strict.forOrganization(orgA).chat(HELLO));

        assertEquals(LlmException.Kind.UNAVAILABLE, failure.kind());
        assertTrue(failure.getMessage().contains("allowPrivateEndpoints"), failure.getMessage());
        assertTrue(requests().isEmpty());
    }

    @Test
    void keyRotationReencryptsTheKeyAndASecondRunFindsNothing() throws Exception {
        ownLlm(orgA);
        ownLlm(orgB);
        fixture.cipher.rotateTo("k2", (byte) 0x33);
        LlmSettingsReencryption participant = new LlmSettingsReencryption(fixture.store, 1);
        long sealedUnderK1 = ((Number) DB.queryValue("SELECT count(*) FROM llm_settings WHERE api_key_id = 'k1'"))
                .longValue();

        long moved = participant.reencrypt(fixture.cipher);
        long again = participant.reencrypt(fixture.cipher);
        fixture.cipher.keys.remove("k1");

        assertTrue(sealedUnderK1 >= 2);
        assertEquals(sealedUnderK1, moved, "batches of one until none is left");
        assertEquals(0, again);
        assertEquals(0L, ((Number) DB.queryValue("SELECT count(*) FROM llm_settings WHERE api_key_id = 'k1'"))
                .longValue());
        assertEquals(2L, ((Number) DB.queryValue("SELECT count(*) FROM llm_settings WHERE api_key_id = 'k2'"
                + " AND organization_id IN ('" + orgA + "', '" + orgB + "')")).longValue());
        assertEquals(ORG_KEY, fixture.settings.apiKey(orgA).orElseThrow().reveal());
        assertEquals("from organization A", fixture.client.forOrganization(orgA).chat(HELLO).content());
        assertEquals("Bearer " + ORG_KEY, requests().get(0).getHeader("Authorization"));
    }

    @Test
    void aKeyThatCannotBeReencryptedFailsTheRunAndStaysAsItWas() {
        ownLlm(orgA);
        String before = fixture.rowText(orgA);
        fixture.cipher.rotateTo("k2", (byte) 0x33);
        fixture.cipher.keys.remove("k1");

        SecretCipherException failure = assertThrows(SecretCipherException.class,
                () -> new LlmSettingsReencryption(fixture.store).reencrypt(fixture.cipher));

        assertTrue(failure.getMessage().contains(orgA.toString()), failure.getMessage());
        assertEquals(before, fixture.rowText(orgA));
    }

    @Test
    void deletingTheOrganizationDeletesItsSettings() {
        ownLlm(orgA);
        ownLlm(orgB);

        fixture.unitOfWork.inTransaction(tx -> {
            new LlmOrganizationDeletion(fixture.store).deleteOrganizationData(tx, orgA);
            return null;
        });

        assertEquals(0, fixture.rows(orgA));
        assertEquals(1, fixture.rows(orgB));
        assertTrue(fixture.settings.find(orgA).isEmpty());
        assertSame(fixture.client, fixture.client.forOrganization(orgA));
    }

    @Test
    void theKeysNeverReachTheLogs() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            ownLlm(orgA);
            fixture.client.forOrganization(orgA).chat(HELLO);
            fixture.client.forOrganization(orgB).chat(HELLO);
            SERVER.stubFor(post(urlPathEqualTo("/org-a/v1/chat/completions")).willReturn(FakeOpenAi.error(401,
                    "invalid_api_key")));
            assertThrows(LlmException.class, () -> fixture.client.forOrganization(orgA).chat(HELLO));
            new LlmSettingsReencryption(fixture.store).reencrypt(fixture.cipher);

            String text = log.text();
            assertFalse(text.contains(ORG_KEY), text);
            assertFalse(text.contains(DEPLOYMENT_KEY), text);
            assertTrue(text.contains("LLM settings created"), "the change itself is logged: " + text);
        }
    }
}
