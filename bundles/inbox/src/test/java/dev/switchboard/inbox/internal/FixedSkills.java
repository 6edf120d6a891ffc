package dev.switchboard.inbox.internal;

import dev.switchboard.skills.RenderedSkill;
import dev.switchboard.skills.ResolvedSkill;
import dev.switchboard.skills.SkillDefinition;
import dev.switchboard.skills.SkillRole;
import dev.switchboard.skills.SkillSource;
import dev.switchboard.skills.Skills;
import dev.switchboard.spi.skill.ExtractField;
import dev.switchboard.spi.skill.MatchSettings;
import dev.switchboard.spi.skill.MatchSource;
import dev.switchboard.spi.skill.SkillAct;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The skills bundle's {@link Skills} as the inbox sees it (the boundary to another bundle): fixed skills per
 * organization. The skills bundle's own tests cover overrides and rendering.
 */
final class FixedSkills implements Skills {

    private final Map<UUID, List<ResolvedSkill>> skills = new ConcurrentHashMap<>();

    /** Adds a skill with match settings to {@code organizationId}. */
    FixedSkills add(UUID organizationId, String slug, String description, Set<MatchSource> sources, SkillAct act,
                    boolean enabled, ExtractField... fields) {
        MatchSettings settings = MatchSettings.of(sources, "messages about " + slug, List.of(fields), act);
        SkillDefinition definition = new SkillDefinition(slug, description, "when the user mentions " + slug,
                "Handle " + slug + ".", List.of(), SkillRole.MEMBER, settings, enabled);
        skills.computeIfAbsent(organizationId, org -> new ArrayList<>())
                .add(new ResolvedSkill(definition, SkillSource.DEPLOYED, null, 0, "test-pack", null));
        return this;
    }

    /** Adds a skill without match settings (never a candidate). */
    FixedSkills plain(UUID organizationId, String slug) {
        SkillDefinition definition = new SkillDefinition(slug, "plain", "", "Just instructions.", List.of(),
                SkillRole.MEMBER, null, true);
        skills.computeIfAbsent(organizationId, org -> new ArrayList<>())
                .add(new ResolvedSkill(definition, SkillSource.DEPLOYED, null, 0, "test-pack", null));
        return this;
    }

    @Override
    public List<ResolvedSkill> effective(UUID organizationId, UUID userId) {
        return skills.getOrDefault(organizationId, List.of()).stream()
                .sorted(Comparator.comparing(ResolvedSkill::slug)).toList();
    }

    @Override
    public Optional<ResolvedSkill> find(UUID organizationId, UUID userId, String slug) {
        return effective(organizationId, userId).stream().filter(skill -> skill.slug().equals(slug)).findFirst();
    }

    /** The instructions as written (no placeholders in these skills); a disabled or unknown skill throws. */
    @Override
    public RenderedSkill render(UUID organizationId, UUID userId, String slug) {
        ResolvedSkill skill = find(organizationId, userId, slug)
                .orElseThrow(() -> new dev.switchboard.skills.SkillNotFoundException(slug));
        if (!skill.definition().enabled()) {
            throw new dev.switchboard.skills.SkillDisabledException(slug);
        }
        return new RenderedSkill(skill, skill.definition().instructions());
    }
}
