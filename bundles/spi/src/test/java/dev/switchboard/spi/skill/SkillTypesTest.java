package dev.switchboard.spi.skill;

import dev.switchboard.spi.PluginDescriptor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SkillTypesTest {

    private static final SkillAct NOTIFY = new SkillAct.Notify();

    @Test
    void defaultThresholdIsSevenTenths() {
        MatchSettings settings = MatchSettings.of(Set.of(MatchSource.EMAIL), "receipts for purchases", List.of(), NOTIFY);

        assertEquals(0.7, settings.confidenceThreshold());
        assertEquals(MatchSettings.DEFAULT_CONFIDENCE_THRESHOLD, settings.confidenceThreshold());
    }

    @Test
    void thresholdMustBeAProbability() {
        assertThrows(IllegalArgumentException.class,
                () -> new MatchSettings(Set.of(MatchSource.MESSAGE), "c", 1.5, null, NOTIFY));
        assertThrows(IllegalArgumentException.class,
                () -> new MatchSettings(Set.of(MatchSource.MESSAGE), "c", Double.NaN, null, NOTIFY));
    }

    @Test
    void criteriaAreRequiredExceptForCronOnly() {
        assertThrows(IllegalArgumentException.class, () -> MatchSettings.of(Set.of(MatchSource.MESSAGE), " ", null, NOTIFY));
        assertThrows(IllegalArgumentException.class, () -> MatchSettings.of(Set.of(), "c", null, NOTIFY));
        assertEquals("", MatchSettings.of(Set.of(MatchSource.CRON), null, null, NOTIFY).criteria());
        assertEquals("", MatchSettings.of(Set.of(MatchSource.CRON, MatchSource.EVENT), null, null, NOTIFY).criteria());
        assertThrows(IllegalArgumentException.class,
                () -> MatchSettings.of(Set.of(MatchSource.EVENT, MatchSource.EMAIL), " ", null, NOTIFY));
    }

    @Test
    void extractFieldNamesAreValidAndUnique() {
        ExtractField amount = new ExtractField("amount", "total paid", true);

        assertThrows(IllegalArgumentException.class, () -> new ExtractField("total amount", "", true));
        assertThrows(IllegalArgumentException.class,
                () -> MatchSettings.of(Set.of(MatchSource.EMAIL), "c", List.of(amount, amount), NOTIFY));
    }

    @Test
    void actVariantsValidate() {
        assertEquals(SkillAct.ExecuteWithTools.DEFAULT_MAX_ITERATIONS,
                SkillAct.ExecuteWithTools.of(List.of("send_sms")).maxIterations());
        assertThrows(IllegalArgumentException.class, () -> new SkillAct.ExecuteWithTools(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new SkillAct.Custom(" "));
    }

    @Test
    void rolesAreOrdered() {
        assertTrue(Role.OWNER.satisfies(Role.ADMIN));
        assertTrue(Role.ADMIN.satisfies(Role.ADMIN));
        assertFalse(Role.MEMBER.satisfies(Role.ADMIN));
    }

    @Test
    void skillDefaultsComeFromTheDescriptorAndPlaceholdersAreFound() {
        Skill skill = new Skill() {
            @Override
            public PluginDescriptor descriptor() {
                return PluginDescriptor.of("schedule-interview", "Schedule interview", "1.0.0", "Books a slot.");
            }

            @Override
            public String intent() {
                return "the user wants to schedule an interview";
            }

            @Override
            public String instructions() {
                return "Use {{CALENDLY_SCHEDULING_URL}} with {{ ATS_TOKEN }}; again {{CALENDLY_SCHEDULING_URL}}, not {{lower}}.";
            }
        };

        assertEquals("schedule-interview", skill.slug());
        assertEquals("Books a slot.", skill.description());
        assertEquals(Role.MEMBER, skill.requiredRole());
        assertTrue(skill.matchSettings().isEmpty());
        assertEquals(List.of("CALENDLY_SCHEDULING_URL", "ATS_TOKEN"), List.copyOf(skill.placeholders()));
    }
}
