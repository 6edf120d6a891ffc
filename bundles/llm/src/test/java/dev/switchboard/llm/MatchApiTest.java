package dev.switchboard.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.skill.ExtractField;
import dev.switchboard.spi.skill.MatchSettings;
import dev.switchboard.spi.skill.MatchSource;
import dev.switchboard.spi.skill.Skill;
import dev.switchboard.spi.skill.SkillAct;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The records of the matcher's contract. */
class MatchApiTest {

    private static Skill skill(Optional<MatchSettings> settings) {
        return new Skill() {
            @Override
            public PluginDescriptor descriptor() {
                return PluginDescriptor.of("tax-tracker", "Tax tracker", "1.0.0", "Tracks tax documents");
            }

            @Override
            public String intent() {
                return "an email carries a tax document";
            }

            @Override
            public String instructions() {
                return "File it.";
            }

            @Override
            public Optional<MatchSettings> matchSettings() {
                return settings;
            }
        };
    }

    @Test
    void aSkillWithMatchSettingsBecomesACandidateWithStringFields() {
        MatchSettings settings = new MatchSettings(Set.of(MatchSource.EMAIL), "W-2, 1099 and receipts of donations",
                0.8, List.of(new ExtractField("form", "the form's name", true), new ExtractField("year", "", false)),
                new SkillAct.Notify());

        MatchCandidate candidate = MatchCandidate.of(skill(Optional.of(settings)));

        assertEquals(new MatchCandidate("tax-tracker", "an email carries a tax document", "Tracks tax documents",
                "W-2, 1099 and receipts of donations", List.of(
                        new FieldSpec("form", FieldType.STRING, "the form's name", true),
                        new FieldSpec("year", FieldType.STRING, "", false)), 0.8), candidate);
    }

    @Test
    void aSkillWithoutMatchSettingsIsNoCandidate() {
        assertThrows(IllegalArgumentException.class, () -> MatchCandidate.of(skill(Optional.empty())));
    }

    @Test
    void candidatesCheckTheirThresholdAndFieldNames() {
        FieldSpec amount = new FieldSpec("amount", FieldType.NUMBER, "", true);
        assertThrows(IllegalArgumentException.class, () -> new MatchCandidate("a", "", "", "", List.of(), 1.1));
        assertThrows(IllegalArgumentException.class,
                () -> new MatchCandidate("a", "", "", "", List.of(amount, amount), 0.7));
        assertThrows(IllegalArgumentException.class, () -> new MatchCandidate(" a", "", "", "", List.of(), 0.7));
        assertThrows(IllegalArgumentException.class, () -> new FieldSpec("total amount", FieldType.NUMBER, "", true));
        assertEquals(MatchSettings.DEFAULT_CONFIDENCE_THRESHOLD,
                MatchCandidate.of("a", null, null, null, null).threshold());
    }

    @Test
    void cronJobsAreNeverMatched() {
        assertThrows(IllegalArgumentException.class, () -> new InboundMessage(MatchSource.CRON, "", "", "run"));
        assertThrows(IllegalArgumentException.class, () -> new InboundMessage(MatchSource.EVENT, "", "", "run"));
    }

    @Test
    void payloadsStayOutOfToString() {
        String secretish = "my card number is 4111";
        List<String> texts = List.of(InboundMessage.email("a@example.com", secretish, secretish).toString(),
                ChatMessage.user(secretish).toString(),
                new ChatResponse(secretish, "m", "stop", 1, 1).toString(),
                new MatchResult.Matched("s", 0.9, Map.of("card", secretish), secretish).toString());
        for (String text : texts) {
            assertFalse(text.contains("4111"), text);
        }
    }

    @Test
    void chatRequestsNeedMessagesAndASaneTemperature() {
        assertThrows(IllegalArgumentException.class, () -> ChatRequest.json(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new ChatRequest(List.of(ChatMessage.user("x")), 2.5, false));
    }
}
