package dev.switchboard.inbox.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.foundation.internal.InboxTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.inbox.NewInboundMessage;
import dev.switchboard.inbox.SkillInvocation;
import dev.switchboard.spi.skill.ExtractField;
import dev.switchboard.spi.skill.MatchSource;
import dev.switchboard.spi.skill.SkillAct;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Messages other bundles hand to the {@link InboxService}: trigger events and schedule fires, for a skill or to match. */
class HandedOverMessagesTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(InboxTestSchema::apply);

    @RegisterExtension
    static final WireMockExtension LLM = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String PATH = "/v1/chat/completions";

    private InboxFixture fixture;
    private UUID org;
    private UUID automation;
    private MessageProcessingTest.Recording ledger;

    @BeforeEach
    void setUp() {
        fixture = new InboxFixture(DB, LLM.baseUrl());
        org = fixture.organization();
        automation = fixture.automation(org, true);
        ledger = new MessageProcessingTest.Recording("ledger");
        fixture.executors.addExecutor(ledger);
        fixture.skills.add(org, "expense-tracker", "Records expenses", Set.of(MatchSource.EMAIL, MatchSource.CRON),
                new SkillAct.Custom("ledger"), true, new ExtractField("merchant", "who was paid", true));
        fixture.skills.add(org, "daily-digest", "Sends a digest", Set.of(MatchSource.EVENT), new SkillAct.Notify(),
                true);
        fixture.skills.add(org, "switched-off", "Disabled", Set.of(MatchSource.CRON), new SkillAct.Notify(), false);
        fixture.skills.plain(org, "plain-skill");
    }

    @AfterEach
    void tearDown() {
        fixture.forgetPendingRows();
    }

    private Optional<UUID> handOver(String source, String skill, Map<String, Object> fields, String originKey) {
        NewInboundMessage message = new NewInboundMessage(UUID.randomUUID(), org, source, "cron", "Nightly",
                "Scheduled run of the nightly digest", skill, fields, originKey);
        return fixture.unitOfWork.inTransaction(tx -> fixture.inbox.receive(tx, message));
    }

    @Test
    void aScheduleFireForACustomSkillActsWithItsValuesWithoutAskingTheModel() {
        UUID id = handOver("schedule", "expense-tracker", Map.of("merchant", "Blue Bottle", "amount", "12.50"),
                "schedule:s1:2026-11-22T10:00:00Z").orElseThrow();

        fixture.settle();

        MessageRow message = fixture.message(org, id);
        assertEquals("acted", message.status(), message.error());
        assertEquals("expense-tracker", message.matchedSkill());
        assertEquals("expense-tracker", message.targetSkill());
        assertEquals(1.0, message.confidence());
        assertEquals("recorded 12.50 at Blue Bottle", message.result());
        SkillInvocation invocation = ledger.invocations.get(0);
        assertEquals("schedule", invocation.source());
        assertEquals(Map.of("merchant", "Blue Bottle", "amount", "12.50"), invocation.fields());
        assertEquals(0, LLM.findAll(postRequestedFor(urlPathEqualTo(PATH))).size(), "a named skill is not matched");
    }

    @Test
    void theSameOriginKeyIsRecordedOnce() {
        assertTrue(handOver("schedule", "expense-tracker", Map.of(), "schedule:s1:t1").isPresent());
        assertEquals(Optional.empty(), handOver("schedule", "expense-tracker", Map.of(), "schedule:s1:t1"));
        assertTrue(handOver("schedule", "expense-tracker", Map.of(), "schedule:s1:t2").isPresent());
        fixture.settle();
        assertEquals(2L, fixture.count("SELECT count(*) FROM inbound_messages WHERE organization_id = '" + org + "'"));
        assertEquals(2, ledger.invocations.size());
    }

    @Test
    void aNotifySkillNotifiesEveryTarget() {
        fixture.settings(org, automation, List.of(Map.of("channel", "chat", "target", Map.of("to", "#ops"))));
        UUID id = handOver("event", "daily-digest", Map.of("title", "Deploy finished"), "trigger-event:e1").orElseThrow();

        fixture.settle();

        assertEquals("acted", fixture.message(org, id).status());
        assertEquals(1, fixture.chat.delivered.size());
    }

    @Test
    void aSkillThatIsGoneDisabledWithoutActOrNotTakingTheSourceFailsTheMessageWhichGoesToTheDefaultAutomation() {
        fixture.settings(org, automation, List.of());
        UUID gone = handOver("schedule", "no-such-skill", Map.of(), "o1").orElseThrow();
        UUID off = handOver("schedule", "switched-off", Map.of(), "o2").orElseThrow();
        UUID plain = handOver("schedule", "plain-skill", Map.of(), "o3").orElseThrow();
        UUID notForSchedules = handOver("schedule", "daily-digest", Map.of(), "o4").orElseThrow();

        fixture.settle();

        for (UUID id : List.of(gone, off, plain, notForSchedules)) {
            MessageRow message = fixture.message(org, id);
            assertEquals("failed", message.status());
            assertNotNull(message.runId(), "never lost: the default automation has it");
        }
        assertTrue(fixture.message(org, gone).error().contains("does not exist"));
        assertTrue(fixture.message(org, off).error().contains("disabled"));
        assertTrue(fixture.message(org, plain).error().contains("has no act"));
        assertEquals("skill daily-digest does not take schedules: its match sources do not list cron",
                fixture.message(org, notForSchedules).error());
        assertTrue(ledger.invocations.isEmpty());
    }

    @Test
    void anEmailWithoutSkillIsMatchedLikeAPostedOne() {
        LLM.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"choices\":[{\"index\":0,"
                        + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":"
                        + "\"{\\\"skill\\\":\\\"expense-tracker\\\",\\\"confidence\\\":0.91,\\\"fields\\\":"
                        + "{\\\"merchant\\\":\\\"Blue Bottle\\\"},\\\"summary\\\":\\\"A receipt.\\\"}\"}}]}")));
        UUID id = handOver("email", null, null, "trigger-event:gmail-1").orElseThrow();

        fixture.settle();

        MessageRow message = fixture.message(org, id);
        assertEquals("acted", message.status(), message.error());
        assertEquals(0.91, message.confidence());
        assertEquals("email", ledger.invocations.get(0).source());
        assertTrue(LLM.findAll(postRequestedFor(urlPathEqualTo(PATH))).get(0).getBodyAsString()
                .contains("expense-tracker"));
    }

    @Test
    void onlyEmailsAndMessagesAreMatchedAndTheTextIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> new NewInboundMessage(UUID.randomUUID(), org, "event", "",
                "", "an event", null, Map.of(), "k"));
        assertThrows(IllegalArgumentException.class, () -> new NewInboundMessage(UUID.randomUUID(), org, "fax", "",
                "", "a fax", "daily-digest", Map.of(), "k"));
        assertThrows(IllegalArgumentException.class, () -> new NewInboundMessage(UUID.randomUUID(), org, "email", "",
                "", " ", null, Map.of(), "k"));
    }

    @Test
    void aTargetMustExistBeEnabledHaveAnActAndTakeTheSource() {
        assertEquals(Optional.empty(), fixture.inbox.targetProblem(org, "daily-digest", "event"));
        assertEquals(Optional.empty(), fixture.inbox.targetProblem(org, "expense-tracker", "schedule"));
        assertEquals(Optional.of("skill daily-digest does not take schedules: its match sources do not list cron"),
                fixture.inbox.targetProblem(org, "daily-digest", "schedule"));
        assertEquals(Optional.of("skill expense-tracker does not take trigger events: its match sources do not list"
                + " event"), fixture.inbox.targetProblem(org, "expense-tracker", "event"));
        assertTrue(fixture.inbox.targetProblem(org, "switched-off", "schedule").orElseThrow().contains("disabled"));
        assertTrue(fixture.inbox.targetProblem(org, "plain-skill", "event").orElseThrow().contains("no act"));
        assertTrue(fixture.inbox.targetProblem(UUID.randomUUID(), "daily-digest", "event").orElseThrow()
                .contains("does not exist"), "skills are per organization");
    }
}
