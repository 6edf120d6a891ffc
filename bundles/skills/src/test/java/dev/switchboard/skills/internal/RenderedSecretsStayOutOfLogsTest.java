package dev.switchboard.skills.internal;

import dev.switchboard.foundation.testing.CapturedLog;
import static dev.switchboard.skills.internal.SkillsFixture.security;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.SkillsTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.Visibility;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Renders, downloads, lists and fails skills with the bundle's logging at debug, and checks that no rendered value
 * (a fresh token, an adapter's secret) shows up in the log, in a problem's detail or in a toString().
 */
class RenderedSecretsStayOutOfLogsTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(SkillsTestSchema::apply);

    private static final String API_SECRET = "sk_live_adapter_secret_0001";

    @Test
    void noRenderedValueIsLoggedOrPrinted() {
        SkillsFixture fixture = new SkillsFixture(DB);
        fixture.registry.add(new SkillsFixture.TestAdapter("greenhouse", "ats", Set.of("ats"),
                Map.of("ATS_TOKEN", "$TOKEN", "ATS_API_KEY", API_SECRET)));
        UUID org = fixture.organization();
        Caller admin = fixture.user(org, Role.ADMIN);
        Integration integration = fixture.integration(org, "ats", "greenhouse", Visibility.ORG, null);
        fixture.deployFile(1, "pack", "---\nname: ats\nrequiredCapabilities: [ats]\n---\n{{ATS_TOKEN}} {{ATS_API_KEY}}", null);
        fixture.deployFile(2, "pack2", "---\nname: typo\n---\n{{ATS_TOKEN}} {{MISSPELLED}}", null);
        fixture.deployFile(3, "pack3", "---\nname: gated\nrequiredCapabilities: [calendly]\n---\n{{ATS_TOKEN}}", null);

        List<String> printed = new ArrayList<>();
        String log;
        try (CapturedLog captured = new CapturedLog()) {
            Response rendered = fixture.resource.rendered(security(admin), "ats");
            Response download = fixture.resource.download(security(admin), "ats");
            String text = ((SkillViews.RenderedView) rendered.getEntity()).instructions();
            assertTrue(text.contains(API_SECRET) && text.contains("tok-"), "the skill was rendered");
            printed.add(rendered.getEntity().toString());
            printed.add(fixture.catalog.render(org, admin.userId(), "ats").toString());
            printed.add(String.valueOf(download.getStatus()));
            printed.add(fixture.reader.list(admin, PageRequest.of(null, null), true).toString());
            for (String slug : List.of("typo", "gated")) {
                Response failed = fixture.resource.rendered(security(admin), slug);
                printed.add(failed.getEntity().toString());
            }
            fixture.tokens.expired.put(integration.id(), true);
            try {
                fixture.reader.rendered(admin, "ats");
            } catch (ApiProblem problem) {
                printed.add(problem.getMessage());
            }
            log = captured.text();
        }

        assertTrue(log.contains("rendered for organization " + org), "debug logging was captured: " + log);
        assertTrue(log.contains("MISSPELLED"), "the unknown placeholder was logged by name");
        String everything = log + String.join("\n", printed);
        assertFalse(everything.contains(API_SECRET), "an adapter's secret leaked");
        assertFalse(everything.contains("tok-" + integration.id().toString().substring(0, 8)), "a token leaked");
        assertEquals(3, fixture.tokens.minted.get(), "three renders, three fresh tokens");
    }
}
