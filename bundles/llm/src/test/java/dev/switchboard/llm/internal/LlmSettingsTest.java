package dev.switchboard.llm.internal;

import dev.switchboard.foundation.testing.CapturedLog;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.llm.internal.LlmFixture.security;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.foundation.internal.LlmTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.llm.LlmProvider;
import dev.switchboard.llm.OrganizationLlm;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.Role;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/v1/llm/settings} on a real database: roles, validation, the key sealed and never shown. */
class LlmSettingsTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(LlmTestSchema::apply);

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    /** Shaped like a real key so that a leak would be recognisable. */
    static final String KEY = "sk-org-Secret0rganizationKeyNeverShown9876";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LlmFixture fixture;
    private UUID org;
    private Caller admin;

    @BeforeEach
    void setUp() {
        fixture = new LlmFixture(DB, LlmFixture.deployment(null, null, false));
        org = fixture.organization();
        admin = fixture.user(org, Role.ADMIN);
    }

    private static LlmSettingsRequest openAi(String key) {
        return new LlmSettingsRequest("openai", null, "gpt-4o-mini", key, null, null);
    }

    @Test
    void anAdminSetsTheSettingsAndTheKeyNeverComesBack() throws Exception {
        LlmSettingsView saved = fixture.resource.put(security(admin), openAi(KEY));
        LlmSettingsView read = fixture.resource.get(security(admin));

        assertEquals(LlmProvider.OPENAI, read.provider());
        assertEquals("https://api.openai.com/v1", read.endpoint());
        assertNull(read.endpointOverride());
        assertEquals("gpt-4o-mini", read.model());
        assertTrue(read.apiKeySet());
        assertEquals("9876", read.apiKeyHint());
        assertEquals(saved, read);
        String json = JSON.writeValueAsString(read);
        assertFalse(json.contains(KEY.substring(0, 20)), json);
        assertTrue(json.contains("\"provider\":\"openai\""), json);

        String row = fixture.rowText(org);
        assertFalse(row.contains(KEY), "sealed at rest: " + row);
        assertTrue(row.contains("\"api_key_id\":\"k1\""), row);
        assertEquals(Set.of("llm_settings.created"), fixture.audit.actions());
        Map<String, Object> details = fixture.audit.entries.get(0).details();
        assertEquals("replaced", details.get("apiKey"));
        assertFalse(details.toString().contains(KEY), details.toString());
        assertEquals(KEY, fixture.settings.apiKey(org).orElseThrow().reveal());
        assertEquals(new OrganizationLlm(org, LlmProvider.OPENAI, URI.create("https://api.openai.com/v1"),
                "gpt-4o-mini", true, true), fixture.settings.find(org).orElseThrow());
        assertTrue(read.apiKeyShared(), "shared with members' skills unless an admin says otherwise");
    }

    @Test
    void anAdminMayKeepTheKeyFromMembersSkillsAndTheChoiceStaysUntilChanged() {
        LlmSettingsView kept = fixture.resource.put(security(admin),
                new LlmSettingsRequest("openai", null, "gpt-4o-mini", KEY, null, false));
        assertFalse(kept.apiKeyShared());
        OrganizationLlm found = fixture.settings.find(org).orElseThrow();
        assertTrue(found.apiKeySet());
        assertFalse(found.apiKeyShared());
        assertFalse(found.apiKeyForMembers());
        assertEquals(KEY, fixture.settings.apiKey(org).orElseThrow().reveal(), "the engine's own calls still use it");

        // a change that does not name the choice keeps it
        assertFalse(fixture.resource.put(security(admin), new LlmSettingsRequest("openai", null, "gpt-4o", null, null,
                null)).apiKeyShared());
        assertEquals(false, fixture.audit.entries.get(1).details().get("apiKeyShared"));
        assertTrue(fixture.resource.put(security(admin), new LlmSettingsRequest("openai", null, "gpt-4o", null, null,
                true)).apiKeyShared());
        assertTrue(fixture.settings.find(org).orElseThrow().apiKeyForMembers());
    }

    @Test
    void aChangeThatDoesNotNameTheSharingKeepsWhatAnotherAdminSavedMeanwhile() {
        Caller other = fixture.user(org, Role.ADMIN);
        fixture.resource.put(security(admin), openAi(KEY));
        // the first admin's change is checked (and, with verify, waits for the LLM) while the other one saves
        LlmSettingsService.Validated slow = fixture.settings.validate(admin,
                new LlmSettingsRequest("openai", null, "gpt-4o", null, null, null));
        fixture.resource.put(security(other), new LlmSettingsRequest("openai", null, "gpt-4o-mini", null, null, false));

        LlmSettingsView saved = fixture.settings.save(admin, slow, true);

        assertEquals("gpt-4o", saved.model());
        assertFalse(saved.apiKeyShared(), "the other admin's choice stands");
        assertFalse(fixture.settings.find(org).orElseThrow().apiKeyShared());
    }

    @Test
    void withoutSettingsGetIsA404AndFindIsEmpty() {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> fixture.resource.get(security(admin)));

        assertEquals(404, problem.status());
        assertEquals("llm_settings_not_found", problem.code());
        assertTrue(fixture.settings.find(org).isEmpty());
        assertTrue(fixture.settings.apiKey(org).isEmpty());
    }

    @Test
    void membersAndSessionTokensAreRefusedAndNothingChanges() {
        Caller member = fixture.user(org, Role.MEMBER);
        fixture.resource.put(security(admin), openAi(KEY));

        for (Caller caller : List.of(member, LlmFixture.sessionToken(admin))) {
            assertEquals(403, assertThrows(ApiProblem.class, () -> fixture.resource.get(security(caller))).status());
            ApiProblem put = assertThrows(ApiProblem.class,
                    () -> fixture.resource.put(security(caller), openAi("sk-other-key-of-a-member-000")));
            assertEquals("forbidden_role", put.code());
            assertEquals(403, assertThrows(ApiProblem.class, () -> fixture.resource.delete(security(caller))).status());
        }
        assertEquals(KEY, fixture.settings.apiKey(org).orElseThrow().reveal());
        assertEquals(Role.ADMIN, LlmSettingsResource.class.getAnnotation(RequiresRole.class).value(),
                "the auth filter refuses members before the resource runs");
    }

    @Test
    void anOwnerMayDeleteAndTheDeletionIsAudited() {
        Caller owner = fixture.user(org, Role.OWNER);
        fixture.resource.put(security(admin), openAi(KEY));

        assertEquals(204, fixture.resource.delete(security(owner)).getStatus());

        assertEquals(0, fixture.rows(org));
        assertTrue(fixture.audit.actions().contains("llm_settings.deleted"));
        assertEquals("llm_settings_not_found",
                assertThrows(ApiProblem.class, () -> fixture.resource.delete(security(owner))).code());
    }

    @Test
    void invalidSettingsAreA400WithEveryFieldAndNothingChanges() {
        fixture.resource.put(security(admin), openAi(KEY));
        int audited = fixture.audit.entries.size();

        ApiProblem problem = assertThrows(ApiProblem.class, () -> fixture.resource.put(security(admin),
                new LlmSettingsRequest("mistral", "ftp://example.com/v1", " ", "sk bad key " + KEY, null, null)));

        assertEquals(400, problem.status());
        assertEquals("invalid_llm_settings", problem.code());
        assertEquals(List.of("provider", "model", "endpoint", "apiKey"),
                problem.errors().stream().map(ApiProblem.FieldError::field).toList());
        assertFalse(problem.getMessage().contains(KEY) || problem.errors().toString().contains(KEY));
        assertFalse(problem.errors().toString().contains("ftp://"), "the endpoint is never quoted back");
        assertEquals(KEY, fixture.settings.apiKey(org).orElseThrow().reveal());
        assertEquals("gpt-4o-mini", fixture.settings.find(org).orElseThrow().model());
        assertEquals(audited, fixture.audit.entries.size());
    }

    @Test
    void eachRuleHasItsOwnFieldError() {
        assertField("apiKey", new LlmSettingsRequest("openai", null, "gpt-4o-mini", null, null, null));
        assertField("apiKey", new LlmSettingsRequest("groq", null, "llama-3.3-70b-versatile", "", null, null));
        assertField("endpoint", new LlmSettingsRequest("openai-compatible", null, "m", null, null, null));
        assertField("endpoint", new LlmSettingsRequest("openai-compatible", "http://llm.example.com/v1", "m", null, null, null));
        assertField("endpoint", new LlmSettingsRequest("openai", "https://user:pw@api.example.com/v1", "m", KEY, null, null));
        assertField("endpoint", new LlmSettingsRequest("openai-compatible", "https://127.0.0.1:11434/v1", "m", null, null, null));
        assertField("endpoint", new LlmSettingsRequest("openai-compatible", "https://169.254.169.254/v1", "m", null, null, null));
        assertField("model", new LlmSettingsRequest("openai", null, "x".repeat(201), KEY, null, null));
        assertEquals(0, fixture.rows(org));
        assertTrue(fixture.audit.entries.isEmpty());
    }

    private void assertField(String field, LlmSettingsRequest request) {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> fixture.resource.put(security(admin), request));
        assertEquals("invalid_llm_settings", problem.code(), request.toString());
        assertEquals(List.of(field), problem.errors().stream().map(ApiProblem.FieldError::field).toList(),
                request + " " + problem.errors());
    }

    @Test
    void theStoredKeyIsKeptUnlessTheProviderChanges() {
        fixture.resource.put(security(admin), openAi(KEY));

        LlmSettingsView kept = fixture.resource.put(security(admin),
                new LlmSettingsRequest("openai", "https://api.openai.com/v1/", "gpt-4.1", null, null, null));
        ApiProblem changed = assertThrows(ApiProblem.class, () -> fixture.resource.put(security(admin),
                new LlmSettingsRequest("anthropic", null, "claude-sonnet-4-5", null, null, null)));

        assertTrue(kept.apiKeySet());
        assertEquals("https://api.openai.com/v1", kept.endpoint());
        assertNull(kept.endpointOverride(), "the default, given explicitly, is no override");
        assertEquals(KEY, fixture.settings.apiKey(org).orElseThrow().reveal());
        assertEquals("apiKey", changed.errors().get(0).field());
        assertEquals("llm_settings.updated", fixture.audit.entries.get(1).action());
        assertEquals("kept", fixture.audit.entries.get(1).details().get("apiKey"));
    }

    @Test
    void theStoredKeyNeverGoesToAnotherEndpoint() {
        fixture.resource.put(security(admin), openAi(KEY));

        ApiProblem compatible = assertThrows(ApiProblem.class, () -> fixture.resource.put(security(admin),
                new LlmSettingsRequest("openai-compatible", "https://93.184.215.9/v1", "m", null, null, null)));
        ApiProblem moved = assertThrows(ApiProblem.class, () -> fixture.resource.put(security(admin),
                new LlmSettingsRequest("openai", "https://93.184.215.9/v1", "gpt-4o-mini", null, null, null)));

        assertEquals(List.of("apiKey"), compatible.errors().stream().map(ApiProblem.FieldError::field).toList());
        assertTrue(compatible.errors().get(0).message().contains("api.openai.com"), compatible.errors().toString());
        assertEquals("apiKey", moved.errors().get(0).field());
        assertEquals("https://api.openai.com/v1", fixture.settings.find(org).orElseThrow().endpoint().toString());
        LlmSettingsView cleared = fixture.resource.put(security(admin),
                new LlmSettingsRequest("openai-compatible", "https://93.184.215.9/v1", "m", "", null, null));
        assertFalse(cleared.apiKeySet());
    }

    @Test
    void anOpenAiCompatibleServerMayGoWithoutAKey() {
        LlmSettingsView view = fixture.resource.put(security(admin),
                new LlmSettingsRequest("openai-compatible", "https://93.184.215.7/api/v1", "meta/llama", "", null, null));

        assertFalse(view.apiKeySet());
        assertNull(view.apiKeyHint());
        assertTrue(fixture.settings.find(org).isPresent());
        assertTrue(fixture.settings.apiKey(org).isEmpty());
    }

    @Test
    void verifyMakesOneSmallCallWithTheNewKeyBeforeSaving() {
        LlmFixture local = new LlmFixture(DB, LlmFixture.deployment(null, null, true));
        SERVER.stubFor(post(urlPathEqualTo("/org/v1/chat/completions")).willReturn(FakeOpenAi.completion("OK", "stop")));

        LlmSettingsView view = local.resource.put(security(admin), new LlmSettingsRequest("openai-compatible",
                SERVER.baseUrl() + "/org/v1", "org-model", KEY, true, null));

        assertTrue(view.apiKeySet());
        List<LoggedRequest> requests = SERVER.findAll(anyRequestedFor(anyUrl()));
        assertEquals(1, requests.size());
        assertEquals("Bearer " + KEY, requests.get(0).getHeader("Authorization"));
        assertTrue(requests.get(0).getBodyAsString().contains("\"model\":\"org-model\""));
        assertEquals(Boolean.TRUE, local.audit.entries.get(0).details().get("verified"));
    }

    @Test
    void aRefusedKeyIsA400AndNothingIsSavedOrShown() {
        LlmFixture local = new LlmFixture(DB, LlmFixture.deployment(null, null, true));
        SERVER.stubFor(post(urlPathEqualTo("/org/v1/chat/completions")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                        + "\",\"code\":\"invalid_api_key\"}}")));

        try (CapturedLog log = new CapturedLog()) {
            ApiProblem problem = assertThrows(ApiProblem.class, () -> local.resource.put(security(admin),
                    new LlmSettingsRequest("openai-compatible", SERVER.baseUrl() + "/org/v1", "m", KEY, true, null)));

            assertEquals(400, problem.status());
            assertEquals("llm_auth_failed", problem.code());
            assertTrue(problem.getMessage().contains("invalid_api_key"), problem.getMessage());
            assertFalse(problem.getMessage().contains(KEY), problem.getMessage());
            assertFalse(log.text().contains(KEY));
        }
        assertEquals(0, local.rows(org));
        assertTrue(local.audit.entries.isEmpty());
    }

    @Test
    void anUnreachableLlmIsA502() {
        LlmFixture local = new LlmFixture(DB, LlmFixture.deployment(null, null, true));
        SERVER.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(503)));

        ApiProblem problem = assertThrows(ApiProblem.class, () -> local.resource.put(security(admin),
                new LlmSettingsRequest("openai-compatible", SERVER.baseUrl() + "/org/v1", "m", KEY, true, null)));

        assertEquals(502, problem.status());
        assertEquals("llm_verification_failed", problem.code());
        assertEquals(0, local.rows(org));
    }

    @Test
    void theRequestNeverPrintsTheKey() {
        assertFalse(openAi(KEY).toString().contains(KEY));
    }
}
