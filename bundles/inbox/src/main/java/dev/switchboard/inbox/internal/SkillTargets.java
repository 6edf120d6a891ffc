package dev.switchboard.inbox.internal;

import dev.switchboard.skills.ResolvedSkill;
import dev.switchboard.spi.skill.MatchSettings;
import dev.switchboard.spi.skill.MatchSource;

/** Whether a skill takes the messages a trigger or a schedule hands to it by name. */
final class SkillTargets {

    private SkillTargets() {
    }

    /** The match source a handed-over message's source stands for; {@code null} for matched sources. */
    static MatchSource matchSource(String source) {
        return switch (source) {
            case "schedule" -> MatchSource.CRON;
            case "event" -> MatchSource.EVENT;
            case "email" -> MatchSource.EMAIL;
            default -> MatchSource.MESSAGE;
        };
    }

    /** Why {@code skill} (found as {@code slug}, or {@code null}) cannot act on {@code source}; {@code null} if it can. */
    static String problem(ResolvedSkill skill, String slug, String source) {
        if (skill == null) {
            return "skill " + slug + " does not exist for the organization";
        }
        if (!skill.definition().enabled()) {
            return "skill " + slug + " is disabled";
        }
        MatchSettings settings = skill.definition().matchSettings();
        if (settings == null) {
            return "skill " + slug + " has no act (it has no match settings)";
        }
        MatchSource wanted = matchSource(source);
        if (!settings.sources().contains(wanted)) {
            String name = wanted.name().toLowerCase(java.util.Locale.ROOT);
            return "skill " + slug + " does not take " + ("cron".equals(name) ? "schedules" : "trigger events")
                    + ": its match sources do not list " + name;
        }
        return null;
    }
}
