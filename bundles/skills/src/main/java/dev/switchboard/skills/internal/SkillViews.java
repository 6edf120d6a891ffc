package dev.switchboard.skills.internal;

import dev.switchboard.skills.MissingCapability;
import dev.switchboard.skills.ResolvedSkill;
import dev.switchboard.skills.SkillSource;
import java.util.List;
import java.util.Map;

/** What the skills REST API answers. */
public final class SkillViews {

    private SkillViews() {
    }

    /** A list entry: metadata only, and whether the caller's integrations meet the requirements. */
    public record SkillSummary(String slug, String description, String intent, List<String> requiredCapabilities,
                               String requiredRole, SkillSource source, int version, boolean enabled,
                               List<String> matchSources, boolean requirementsMet,
                               List<MissingCapability> missingCapabilities, List<String> unknownPlaceholders) {
    }

    /** A rendered skill. */
    public record RenderedView(String slug, SkillSource source, int version, String description, String intent,
                               List<String> requiredCapabilities, String requiredRole, String instructions) {

        @Override
        public String toString() {
            return "RenderedView[slug=" + slug + ", instructions=***]";
        }
    }

    /**
     * The rendered built-in skill {@code _config}: its SKILL.md body and the same values by name.
     *
     * @param unavailable sources that could not give values now (an integration to reconnect, a key that cannot be
     *                    opened); the other values are served
     */
    public record ConfigView(String slug, String description, String intent, String instructions,
                             Map<String, String> variables, List<ConfigSkill.Unavailable> unavailable) {

        @Override
        public String toString() {
            return "ConfigView[variables=" + variables.keySet() + ", values=***]";
        }
    }

    /** A skill's template and state (never rendered). */
    public record SkillView(String id, String slug, SkillSource source, String origin, int version, boolean enabled,
                            String description, String intent, String instructions, List<String> requiredCapabilities,
                            String requiredRole, Map<String, Object> matchSettings, String createdBy, String updatedBy,
                            String createdAt, String updatedAt) {

        static SkillView of(ResolvedSkill skill, SkillRow row) {
            SkillDocument document = SkillTexts.document(skill.definition());
            return new SkillView(skill.id() == null ? null : skill.id().toString(), skill.slug(), skill.source(),
                    skill.origin(), skill.version(), document.enabled(), document.description(), document.intent(),
                    document.instructions(), document.requiredCapabilities(), document.requiredRole(),
                    document.matchSettings(), row == null ? null : text(row.createdBy()),
                    row == null ? null : text(row.updatedBy()), row == null ? null : text(row.createdAt()),
                    row == null ? null : text(row.updatedAt()));
        }

        static SkillView of(SkillRow row) {
            return of(row.resolved(), row);
        }
    }

    /** One version of a runtime skill. */
    public record VersionView(int version, String change, String createdBy, String createdAt, SkillDocument skill) {
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
