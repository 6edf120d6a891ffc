package dev.switchboard.skills.internal;

import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.skills.MissingCapability;
import dev.switchboard.skills.RenderedSkill;
import dev.switchboard.skills.ResolvedSkill;
import dev.switchboard.skills.SkillDefinition;
import dev.switchboard.skills.SkillNotFoundException;
import dev.switchboard.skills.SkillRenderException;
import dev.switchboard.skills.SkillSource;
import dev.switchboard.skills.internal.SkillViews.RenderedView;
import dev.switchboard.skills.internal.SkillViews.SkillSummary;
import dev.switchboard.skills.internal.SkillViews.SkillView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skills as callers use them: the list of what their role allows (metadata, never a token fetched), rendering
 * with its checks (never for agent session tokens, only for the roles a skill allows), and templates for export.
 */
@Component(service = SkillReader.class)
public class SkillReader {

    private static final Logger LOG = LoggerFactory.getLogger(SkillReader.class);

    private final SkillCatalog catalog;
    private final SkillRenderer renderer;
    private final CapabilityProfiles profiles;
    private final SkillAdmin admin;

    @Activate
    public SkillReader(@Reference SkillCatalog catalog, @Reference SkillRenderer renderer,
                       @Reference CapabilityProfiles profiles, @Reference SkillAdmin admin) {
        this.catalog = catalog;
        this.renderer = renderer;
        this.profiles = profiles;
        this.admin = admin;
    }

    public PageRequest.Page<SkillSummary> list(Caller caller, PageRequest page, boolean includeDisabled) {
        UUID organizationId = caller.requireOrganization();
        if (includeDisabled) {
            SkillAdmin.requireAdmin(caller);
        }
        List<ResolvedSkill> usable = catalog.effective(organizationId, caller.userId()).stream()
                .filter(skill -> includeDisabled || skill.definition().enabled())
                .filter(skill -> SkillAccess.allows(caller, skill.definition().requiredRole()))
                .filter(skill -> page.after() == null || skill.slug().compareTo(page.after()) > 0)
                .limit(page.limit() + 1L)
                .toList();
        Map<Boolean, CapabilityProfile> profilesByOwnOnly = new LinkedHashMap<>();
        List<SkillSummary> summaries = new ArrayList<>();
        for (ResolvedSkill skill : usable) {
            boolean ownOnly = skill.source() == SkillSource.USER;
            CapabilityProfile profile = profilesByOwnOnly.computeIfAbsent(ownOnly,
                    own -> profiles.profile(organizationId, caller.userId(), own));
            summaries.add(summary(skill, profile));
        }
        return page.page(summaries, SkillSummary::slug);
    }

    private SkillSummary summary(ResolvedSkill skill, CapabilityProfile profile) {
        SkillDefinition definition = skill.definition();
        List<MissingCapability> missing = renderer.missing(definition, profile);
        List<String> sources = definition.matchSettings() == null ? List.of()
                : definition.matchSettings().sources().stream().map(source -> source.name().toLowerCase(Locale.ROOT))
                        .sorted().toList();
        return new SkillSummary(skill.slug(), definition.description(), definition.intent(),
                definition.requiredCapabilities(), definition.requiredRole().wireName(), skill.source(), skill.version(),
                definition.enabled(), sources, missing.isEmpty(), missing, renderer.unknown(definition, profile));
    }

    /**
     * The built-in skill {@code _config} for the caller: every value the caller's profile can fill (the same
     * profile as the organization's skills: the organization's integrations, the caller's own private ones, the
     * organization's LLM). Members and up; never for session tokens, service tokens or an impersonating super-admin.
     */
    public SkillViews.ConfigView config(Caller caller) {
        ConfigSkill.Content content = configContent(caller);
        return new SkillViews.ConfigView(ConfigSkill.SLUG, ConfigSkill.DESCRIPTION, ConfigSkill.INTENT, content.body(),
                content.variables(), content.unavailable());
    }

    /** {@code _config} as a SKILL.md file. */
    public String configDownload(Caller caller) {
        ConfigSkill.Content content = configContent(caller);
        Map<String, Object> front = new LinkedHashMap<>();
        front.put("name", ConfigSkill.SLUG);
        front.put("description", ConfigSkill.DESCRIPTION);
        front.put("intent", ConfigSkill.INTENT);
        return SkillTexts.markdown(front, content.body());
    }

    private ConfigSkill.Content configContent(Caller caller) {
        refuseSessionTokens(caller);
        if (caller.impersonating()) {
            throw new ApiProblem(403, "impersonation_not_allowed", "Forbidden",
                    "_config carries the user's credentials; it is not served while impersonating");
        }
        // a service token acts for no person: it must not export every credential of whichever organization it names
        if (caller.kind() == Caller.Kind.SERVICE_TOKEN || caller.userId() == null
                || !SkillAccess.allows(caller, dev.switchboard.skills.SkillRole.MEMBER)) {
            throw new ApiProblem(403, "forbidden_role", "Forbidden", "_config needs a member of the organization");
        }
        UUID organizationId = caller.requireOrganization();
        try {
            return renderer.config(profiles.profile(organizationId, caller.userId(), false), organizationId);
        } catch (RuntimeException e) {
            throw SkillProblem.of(e);
        }
    }

    private static void refuseSessionTokens(Caller caller) {
        if (caller.kind() == Caller.Kind.SESSION_TOKEN) {
            throw new ApiProblem(403, "session_token_not_allowed", "Forbidden",
                    "agent session tokens never get rendered skills");
        }
    }

    /** The skill in effect, rendered for the caller. */
    public RenderedView rendered(Caller caller, String slug) {
        RenderedSkill rendered = render(caller, slug);
        SkillDefinition definition = rendered.skill().definition();
        return new RenderedView(definition.slug(), rendered.skill().source(), rendered.skill().version(),
                definition.description(), definition.intent(), definition.requiredCapabilities(),
                definition.requiredRole().wireName(), rendered.instructions());
    }

    /** The skill in effect as a SKILL.md that coding agents load directly, rendered for the caller. */
    public String download(Caller caller, String slug) {
        RenderedSkill rendered = render(caller, slug);
        SkillDefinition definition = rendered.skill().definition();
        Map<String, Object> front = new LinkedHashMap<>();
        front.put("name", definition.slug());
        front.put("description", definition.description().isEmpty() ? definition.intent() : definition.description());
        if (!definition.intent().isEmpty()) {
            front.put("intent", definition.intent());
        }
        return SkillTexts.markdown(front, rendered.instructions());
    }

    private RenderedSkill render(Caller caller, String slug) {
        refuseSessionTokens(caller);
        UUID organizationId = caller.requireOrganization();
        try {
            ResolvedSkill skill = usable(caller, slug);
            return catalog.render(skill, organizationId, caller.userId());
        } catch (SkillRenderException e) {
            if (e.kind() == SkillRenderException.Kind.UNKNOWN_PLACEHOLDER) {
                LOG.warn("skill {} of organization {} uses placeholders nothing provides: {}", slug, organizationId,
                        e.placeholders());
            }
            throw SkillProblem.of(e);
        } catch (RuntimeException e) {
            throw SkillProblem.of(e);
        }
    }

    /** The skill in effect if the caller's role allows it: 404 when there is none, 403 for a weaker role. */
    private ResolvedSkill usable(Caller caller, String slug) {
        ResolvedSkill skill = catalog.find(caller.requireOrganization(), caller.userId(), slug)
                .orElseThrow(() -> new SkillNotFoundException(slug));
        if (!SkillAccess.allows(caller, skill.definition().requiredRole())) {
            throw new ApiProblem(403, "forbidden_role", "Forbidden", "Skill '" + slug + "' needs the "
                    + skill.definition().requiredRole().wireName() + " role");
        }
        return skill;
    }

    /** The template of the skill in effect ({@code scope} null) or of the runtime skill of the scope. */
    public SkillView definition(Caller caller, String slug, String scope) {
        if (scope == null || scope.isBlank()) {
            try {
                ResolvedSkill skill = usable(caller, slug);
                return SkillView.of(skill, skill.id() == null ? null : admin.row(caller, skill.source(), slug));
            } catch (RuntimeException e) {
                throw SkillProblem.of(e);
            }
        }
        return admin.template(caller, slug, scope);
    }

    /** The template as a SKILL.md file. */
    public String exportMarkdown(Caller caller, String slug, String scope) {
        return SkillTexts.markdown(definitionOf(definition(caller, slug, scope)));
    }

    /** The template as a JSON document. */
    public SkillDocument exportJson(Caller caller, String slug, String scope) {
        return SkillTexts.document(definitionOf(definition(caller, slug, scope)));
    }

    private static SkillDefinition definitionOf(SkillView view) {
        return SkillTexts.definition(new SkillDocument(view.slug(), null, view.description(), view.intent(),
                view.requiredCapabilities(), view.requiredRole(), view.enabled(), view.matchSettings(),
                view.instructions()), view.slug());
    }
}
