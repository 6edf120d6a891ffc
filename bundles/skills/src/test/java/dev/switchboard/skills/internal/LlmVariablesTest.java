package dev.switchboard.skills.internal;

import static dev.switchboard.skills.internal.SkillsFixture.security;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.SkillsTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.llm.LlmProvider;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code {{LLM_*}}} from the organization's own LLM settings and the capability {@code llm}. */
class LlmVariablesTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(SkillsTestSchema::apply);

    private static final String KEY = "gsk_groq0rganizationKeyForSkillVariables99";
    private static final String CHAT = """
            ---
            name: chat
            description: Chat with the organization's LLM
            requiredCapabilities: [llm]
            ---
            Call {{LLM_BASE_URL}}/chat/completions with model {{LLM_MODEL}} ({{LLM_PROVIDER}}) and key {{LLM_API_KEY}}.
            """;

    private SkillsFixture fixture;
    private UUID org;
    private Caller member;

    @BeforeEach
    void setUp() {
        fixture = new SkillsFixture(DB);
        fixture.deployFile(1, "llm-pack", CHAT, null);
        org = fixture.organization();
        member = fixture.user(org, Role.MEMBER);
    }

    @Test
    void theOrganizationsSettingsFillTheVariables() {
        fixture.llm.set(org, LlmProvider.GROQ, "llama-3.3-70b-versatile", KEY);

        String text = fixture.reader.rendered(member, "chat").instructions();

        assertEquals("Call https://api.groq.com/openai/v1/chat/completions with model llama-3.3-70b-versatile (groq)"
                + " and key " + KEY + ".", text.strip());
    }

    @Test
    void withoutAKeyTheCapabilityIsMissingWithALabelForPeople() {
        fixture.llm.set(org, LlmProvider.GROQ, "llama-3.3-70b-versatile", null);

        Response response = fixture.resource.rendered(security(member), "chat");

        assertEquals(400, response.getStatus());
        Map<?, ?> body = (Map<?, ?>) response.getEntity();
        assertEquals("capability_missing", body.get("code"));
        assertEquals("This skill requires: LLM (an admin sets the organization's LLM key in Settings and shares it with skills). Please connect"
                + " these integrations in Settings.", body.get("detail"));
    }

    @Test
    void aKeyTheAdminDoesNotShareLeavesTheCapabilityMissingAndIsNotOpened() {
        fixture.llm.set(org, LlmProvider.GROQ, "llama-3.3-70b-versatile", KEY, false);

        Response response = fixture.resource.rendered(security(member), "chat");

        assertEquals(400, response.getStatus());
        assertEquals("capability_missing", ((Map<?, ?>) response.getEntity()).get("code"));
        assertFalse(fixture.reader.list(member, PageRequest.of(null, null), false).items().get(0).requirementsMet());
        assertEquals(0, fixture.llm.opened.get());
    }

    @Test
    void theListSaysWhetherTheRequirementIsMetWithoutOpeningTheKey() {
        UUID other = fixture.organization();
        Caller outsider = fixture.user(other, Role.MEMBER);
        fixture.llm.set(org, LlmProvider.OPENAI, "gpt-4o-mini", KEY);

        SkillViews.SkillSummary withKey = fixture.reader.list(member, PageRequest.of(null, null), false).items().get(0);
        SkillViews.SkillSummary without = fixture.reader.list(outsider, PageRequest.of(null, null), false).items().get(0);

        assertTrue(withKey.requirementsMet());
        assertFalse(without.requirementsMet());
        assertEquals(List.of(), without.unknownPlaceholders(), "the LLM variables are known to the engine");
        assertEquals(0, fixture.llm.opened.get());
    }

    @Test
    void aUsersOwnSkillDoesNotGetTheOrganizationsKey() {
        fixture.llm.set(org, LlmProvider.OPENAI, "gpt-4o-mini", KEY);
        fixture.admin.create(member, "user", new SkillDocument("mine", null, "", "", List.of(), null, true, null,
                "key {{LLM_API_KEY}}"));

        ApiProblem problem = assertThrows(ApiProblem.class, () -> fixture.reader.rendered(member, "mine"));

        assertEquals("skill_variable_unresolved", problem.code());
        assertFalse(problem.getMessage().contains(KEY));
        assertEquals(0, fixture.llm.opened.get());
    }

    @Test
    void aKeyThatCannotBeOpenedIsA503NotAnInvitationToConnectSomething() {
        fixture.llm.set(org, LlmProvider.OPENAI, "gpt-4o-mini", KEY);
        fixture.llm.keysLost = true;

        ApiProblem problem = assertThrows(ApiProblem.class, () -> fixture.reader.rendered(member, "chat"));

        assertEquals(503, problem.status());
        assertEquals("llm_key_unavailable", problem.code());
    }
}
