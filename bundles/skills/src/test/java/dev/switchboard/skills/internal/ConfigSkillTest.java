package dev.switchboard.skills.internal;

import dev.switchboard.foundation.testing.CapturedLog;
import static dev.switchboard.skills.internal.SkillsFixture.security;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.SkillsTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.Visibility;
import dev.switchboard.llm.LlmProvider;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The built-in skill {@code _config}: every credential the caller may use, fresh, never cached, never listed. */
class ConfigSkillTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(SkillsTestSchema::apply);

    private static final String LLM_KEY = "sk-ant-0rganizationLlmKeyForConfigSkill1234";

    private SkillsFixture fixture;
    private UUID org;
    private Caller member;

    @BeforeEach
    void setUp() {
        fixture = new SkillsFixture(DB);
        fixture.registry.add(new SkillsFixture.TestAdapter("greenhouse", "ats", Set.of("ats"),
                Map.of("ATS_TOKEN", "$TOKEN", "ATS_BASE_URL", "https://harvest.greenhouse.io/v1")));
        fixture.registry.add(new SkillsFixture.TestAdapter("calendly", "calendly", Set.of("calendly"),
                Map.of("CALENDLY_ACCESS_TOKEN", "$TOKEN")));
        org = fixture.organization();
        member = fixture.user(org, Role.MEMBER);
        fixture.llm.set(org, LlmProvider.ANTHROPIC, "claude-sonnet-4-5", LLM_KEY);
    }

    @Test
    void aMemberGetsEveryValueOfTheirProfileFreshWithNoStore() {
        Integration ats = fixture.integration(org, "ats", "greenhouse", Visibility.ORG, null);

        Response first = fixture.resource.rendered(security(member), "_config");
        Response second = fixture.resource.rendered(security(member), "_config");

        assertEquals(200, first.getStatus());
        assertEquals("no-store", first.getHeaderString("Cache-Control"));
        SkillViews.ConfigView view = (SkillViews.ConfigView) first.getEntity();
        assertEquals("_config", view.slug());
        assertEquals("System configuration (auto-loaded)", view.intent());
        String token = "tok-" + ats.id().toString().substring(0, 8) + "-";
        assertEquals(Map.of(
                "SWITCHBOARD_URL", SkillsFixture.PUBLIC_URL,
                "SWITCHBOARD_API_URL", SkillsFixture.PUBLIC_URL + "/api/v1",
                "SWITCHBOARD_ORGANIZATION_ID", org.toString(),
                "SWITCHBOARD_USER_ID", member.userId().toString(),
                "LLM_PROVIDER", "anthropic",
                "LLM_MODEL", "claude-sonnet-4-5",
                "LLM_BASE_URL", "https://api.anthropic.com/v1",
                "LLM_API_KEY", LLM_KEY,
                "ATS_TOKEN", token + "1",
                "ATS_BASE_URL", "https://harvest.greenhouse.io/v1"), view.variables());
        assertTrue(view.unavailable().isEmpty());
        assertTrue(view.instructions().contains("\n## LLM (anthropic)\n\n- LLM_PROVIDER: anthropic\n"),
                view.instructions());
        assertTrue(view.instructions().contains("- LLM_API_KEY: " + LLM_KEY + "\n"), view.instructions());
        assertTrue(view.instructions().contains("## Greenhouse (ats)\n\n- ATS_BASE_URL: https://harvest.greenhouse.io/v1\n"
                + "- ATS_TOKEN: " + token + "1\n"), view.instructions());
        assertEquals(token + "2", ((SkillViews.ConfigView) second.getEntity()).variables().get("ATS_TOKEN"),
                "every load fetches a fresh token: nothing is cached");
        assertFalse(view.toString().contains(LLM_KEY), view.toString());
    }

    @Test
    void theJsonFormHasTheValuesByName() throws Exception {
        Integration ats = fixture.integration(org, "ats", "greenhouse", Visibility.ORG, null);
        fixture.tokens.expired.put(ats.id(), true);

        com.fasterxml.jackson.databind.JsonNode json = SkillTexts.JSON.valueToTree(fixture.reader.config(member));

        assertEquals("_config", json.get("slug").asText());
        assertEquals(LLM_KEY, json.get("variables").get("LLM_API_KEY").asText());
        assertEquals("ats", json.get("unavailable").get(0).get("source").asText());
        assertEquals("integration_reconnect_required", json.get("unavailable").get(0).get("code").asText());
    }

    @Test
    void anotherMembersPrivateIntegrationIsLeftOutAndTheCallersOwnIsIn() {
        Caller other = fixture.user(org, Role.ADMIN);
        fixture.integration(org, "ats", "greenhouse", Visibility.PRIVATE, other.userId());
        fixture.integration(org, "calendly", "calendly", Visibility.PRIVATE, member.userId());

        Map<String, String> variables = fixture.reader.config(member).variables();

        assertFalse(variables.containsKey("ATS_TOKEN"), "an admin's private ATS is theirs alone: " + variables.keySet());
        assertTrue(variables.containsKey("CALENDLY_ACCESS_TOKEN"));
        assertTrue(fixture.reader.config(other).variables().containsKey("ATS_TOKEN"));
        assertFalse(fixture.reader.config(other).variables().containsKey("CALENDLY_ACCESS_TOKEN"));
    }

    @Test
    void withoutOrganizationSettingsThereIsNoLlmSectionAndTheDeploymentsKeyNeverShows() {
        UUID bare = fixture.organization();
        Caller someone = fixture.user(bare, Role.OWNER);

        SkillViews.ConfigView view = fixture.reader.config(someone);

        assertEquals(Set.of("SWITCHBOARD_URL", "SWITCHBOARD_API_URL", "SWITCHBOARD_ORGANIZATION_ID",
                "SWITCHBOARD_USER_ID"), view.variables().keySet());
        assertFalse(view.instructions().contains("LLM"), view.instructions());
    }

    @Test
    void theDownloadIsASkillFileWithNoStore() {
        Response response = fixture.resource.download(security(member), "_config");

        assertEquals(200, response.getStatus());
        assertEquals("no-store", response.getHeaderString("Cache-Control"));
        String file = (String) response.getEntity();
        assertTrue(file.startsWith("---\nname: _config\n"), file);
        assertTrue(file.contains("- LLM_API_KEY: " + LLM_KEY), file);
    }

    @Test
    void sessionTokensServiceTokensAndImpersonationAreRefusedWithoutFetchingAnything() {
        fixture.integration(org, "ats", "greenhouse", Visibility.ORG, null);
        Caller impersonating = new Caller(Caller.Kind.CONSOLE_SESSION, member.userId(), org, Role.MEMBER,
                UUID.randomUUID(), null, UUID.randomUUID(), false);
        Caller service = new Caller(Caller.Kind.SERVICE_TOKEN, null, org, null, null, null, UUID.randomUUID(), false);
        // as the auth filter builds a service token naming an organization: admin of it, acting for no person
        Caller serviceAsAdmin = new Caller(Caller.Kind.SERVICE_TOKEN, null, org, Role.ADMIN, null, null, null, false);

        Response session = fixture.resource.rendered(security(SkillsFixture.sessionToken(member)), "_config");
        Response download = fixture.resource.download(security(SkillsFixture.sessionToken(member)), "_config");

        assertEquals(403, session.getStatus());
        assertEquals("no-store", session.getHeaderString("Cache-Control"));
        assertEquals("session_token_not_allowed", ((Map<?, ?>) session.getEntity()).get("code"));
        assertEquals(403, download.getStatus());
        assertEquals("impersonation_not_allowed",
                assertThrows(ApiProblem.class, () -> fixture.reader.config(impersonating)).code());
        assertEquals("forbidden_role", assertThrows(ApiProblem.class, () -> fixture.reader.config(service)).code());
        assertEquals("forbidden_role", assertThrows(ApiProblem.class,
                () -> fixture.reader.config(serviceAsAdmin)).code());
        assertEquals("forbidden_role", assertThrows(ApiProblem.class,
                () -> fixture.reader.configDownload(serviceAsAdmin)).code());
        assertEquals(0, fixture.tokens.minted.get());
        assertEquals(0, fixture.llm.opened.get());
    }

    @Test
    void anIntegrationThatNeedsAReconnectIsListedAndTheRestIsServed() {
        Integration ats = fixture.integration(org, "ats", "greenhouse", Visibility.ORG, null);
        fixture.integration(org, "calendly", "calendly", Visibility.ORG, null);
        fixture.tokens.expired.put(ats.id(), true);

        SkillViews.ConfigView view = fixture.reader.config(member);

        assertEquals(List.of(new ConfigSkill.Unavailable("ats", ats.id().toString(), "integration_reconnect_required")),
                view.unavailable());
        assertTrue(view.variables().containsKey("CALENDLY_ACCESS_TOKEN"));
        assertTrue(view.variables().containsKey("LLM_API_KEY"));
        assertFalse(view.variables().containsKey("ATS_TOKEN"));
        assertTrue(view.instructions().contains("## Unavailable now\n\n- ats: integration_reconnect_required"),
                view.instructions());
    }

    @Test
    void aKeyThatCannotBeOpenedIsListedAndTheRestIsServed() {
        fixture.llm.keysLost = true;

        SkillViews.ConfigView view = fixture.reader.config(member);

        assertEquals(List.of(new ConfigSkill.Unavailable("llm", null, "llm_key_unavailable")), view.unavailable());
        assertEquals("anthropic", view.variables().get("LLM_PROVIDER"));
        assertFalse(view.variables().containsKey("LLM_API_KEY"));
    }

    @Test
    void aKeyTheAdminKeepsFromMembersIsNeitherServedNorOpened() {
        fixture.llm.set(org, LlmProvider.ANTHROPIC, "claude-sonnet-4-5", LLM_KEY, false);

        SkillViews.ConfigView view = fixture.reader.config(member);

        assertEquals("claude-sonnet-4-5", view.variables().get("LLM_MODEL"));
        assertFalse(view.variables().containsKey("LLM_API_KEY"));
        assertFalse(view.instructions().contains(LLM_KEY), view.instructions());
        assertTrue(view.unavailable().isEmpty(), "not shared is a choice, not a failure");
        assertEquals(0, fixture.llm.opened.get());
    }

    @Test
    void itIsNotListedAndNoRuntimeSkillCanTakeItsSlug() {
        Caller admin = fixture.user(org, Role.ADMIN);
        fixture.deployFile(1, "pack", "---\nname: notes\n---\nTake notes.", null);

        List<String> listed = fixture.reader.list(admin, PageRequest.of(null, null), true).items().stream()
                .map(SkillViews.SkillSummary::slug).toList();
        ApiProblem taken = assertThrows(ApiProblem.class, () -> fixture.admin.create(admin, "organization",
                new SkillDocument("_config", null, "mine", "", List.of(), null, true, null, "{{LLM_API_KEY}}")));

        assertEquals(List.of("notes"), listed);
        assertEquals(400, taken.status());
        assertEquals(404, assertThrows(ApiProblem.class,
                () -> fixture.reader.definition(admin, "_config", null)).status());
    }

    @Test
    void nothingOfItReachesTheLog() {
        fixture.integration(org, "ats", "greenhouse", Visibility.ORG, null);
        try (CapturedLog log = new CapturedLog()) {
            SkillViews.ConfigView view = fixture.reader.config(member);
            fixture.resource.download(security(member), "_config");
            fixture.llm.keysLost = true;
            fixture.reader.config(member);

            String text = log.text();
            assertFalse(text.contains(LLM_KEY), text);
            assertFalse(text.contains(view.variables().get("ATS_TOKEN")), text);
        }
    }
}
