package dev.switchboard.skills.internal;

import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.IntegrationException;
import dev.switchboard.integrations.IntegrationUnavailableException;
import dev.switchboard.integrations.ProviderContexts;
import dev.switchboard.integrations.TokenResolver;
import dev.switchboard.skills.MissingCapabilitiesException;
import dev.switchboard.skills.ResolvedSkill;
import dev.switchboard.skills.SkillDefinition;
import dev.switchboard.skills.SkillRenderException;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.SkillVariable;
import dev.switchboard.spi.skill.Skill;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gates and renders one skill for one user: required capabilities first (the spec's 400), then every placeholder
 * must be known and get a value, fetched with a fresh token from the integration that provides it. Values and
 * the result are never logged and never kept.
 * Adapters get the integration's {@link ProviderContext} with their deployment configuration (a self-hosted base
 * URL, a configured organization), as the integrations bundle gives it.
 */
@Component(service = SkillRenderer.class)
public class SkillRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(SkillRenderer.class);

    private final CapabilityProfiles profiles;
    private final TokenResolver tokens;
    private final ProviderContexts contexts;

    @Activate
    public SkillRenderer(@Reference CapabilityProfiles profiles, @Reference TokenResolver tokens,
                         @Reference ProviderContexts contexts) {
        this.profiles = profiles;
        this.tokens = tokens;
        this.contexts = contexts;
    }

    /** The capabilities of {@code definition} that {@code profile} lacks, with labels for people. */
    List<dev.switchboard.skills.MissingCapability> missing(SkillDefinition definition, CapabilityProfile profile) {
        return CapabilityLabels.missing(profile.missing(definition.requiredCapabilities()), profiles.installed());
    }

    /** Placeholders of {@code definition} that nothing provides. */
    List<String> unknown(SkillDefinition definition, CapabilityProfile profile) {
        return profile.unknown(definition.placeholders());
    }

    /** The profile a skill is gated and rendered with: a user's own skill sees only that user's integrations. */
    CapabilityProfile profile(ResolvedSkill skill, UUID organizationId, UUID userId) {
        return profiles.profile(organizationId, userId, skill.source() == dev.switchboard.skills.SkillSource.USER);
    }

    String render(ResolvedSkill skill, UUID organizationId, UUID userId) {
        SkillDefinition definition = skill.definition();
        CapabilityProfile profile = profile(skill, organizationId, userId);
        List<dev.switchboard.skills.MissingCapability> missing = missing(definition, profile);
        if (!missing.isEmpty()) {
            throw new MissingCapabilitiesException(skill.slug(), missing);
        }
        Set<String> placeholders = definition.placeholders();
        List<String> unknown = unknown(definition, profile);
        if (!unknown.isEmpty()) {
            throw new SkillRenderException(skill.slug(), SkillRenderException.Kind.UNKNOWN_PLACEHOLDER, unknown,
                    "Skill '" + skill.slug() + "' uses " + braces(unknown) + ", which neither the engine nor any"
                            + " installed provider adapter provides; the skill's author must change it or the"
                            + " deployment must install the adapter");
        }
        Map<String, SecretValue> values = values(profile, placeholders, organizationId);
        List<String> unresolved = placeholders.stream().filter(name -> !values.containsKey(name)).toList();
        if (!unresolved.isEmpty()) {
            Set<String> providers = new LinkedHashSet<>();
            unresolved.forEach(name -> providers.add(CapabilityLabels.providersOf(name, profiles.installed())));
            throw new SkillRenderException(skill.slug(), SkillRenderException.Kind.UNRESOLVED_VARIABLE, unresolved,
                    "This skill needs " + braces(unresolved) + " from: " + String.join(", ", providers)
                            + ". Please connect these integrations in Settings.");
        }
        return fill(definition.instructions(), values);
    }

    private Map<String, SecretValue> values(CapabilityProfile profile, Set<String> placeholders, UUID organizationId) {
        Map<String, SecretValue> values = new HashMap<>();
        profile.builtins().forEach((name, value) -> values.put(name, SecretValue.of(value)));
        if (placeholders.contains(LlmVariables.API_KEY) && profile.hasLlmKey()) {
            try {
                profiles.llm().apiKey(organizationId).ifPresent(key -> values.put(LlmVariables.API_KEY, key));
            } catch (RuntimeException e) {
                // the encryption keys do not open it (rotated away, missing): say so rather than "connect it"
                LOG.warn("organization {}: the LLM key cannot be opened ({})", organizationId,
                        e.getClass().getSimpleName());
                throw new dev.switchboard.rest.ApiProblem(503, "llm_key_unavailable", "Service unavailable",
                        "the organization's LLM key cannot be decrypted now; an operator must check the secrets keys");
            }
        }
        for (CapabilityProfile.Connection connection : profile.needed(placeholders)) {
            Integration integration = connection.integration();
            AccessToken token = tokens.resolve(organizationId, integration.id());
            Map<String, SecretValue> provided;
            try {
                provided = connection.adapter().skillVariableValues(contexts.forIntegration(integration), token);
            } catch (ProviderException e) {
                throw new IntegrationUnavailableException(integration.id(), integration.service()
                        + " could not provide skill values (" + e.reason().name().toLowerCase(java.util.Locale.ROOT)
                        + ")", e.retryAfter().orElse(null), null);
            }
            for (String name : placeholders) {
                SecretValue value = provided == null ? null : provided.get(name);
                if (value != null && !value.isEmpty() && connection.equals(profile.source(name))) {
                    values.putIfAbsent(name, value);
                }
            }
        }
        return values;
    }

    /**
     * Every value {@code profile} can fill, for the built-in skill {@code _config}: the engine's, the
     * organization's LLM settings, and each usable integration's (fresh tokens). A source that fails now is listed
     * as unavailable rather than failing the whole configuration. Values are never logged and never kept.
     */
    ConfigSkill.Content config(CapabilityProfile profile, UUID organizationId) {
        List<ConfigSkill.Section> sections = new ArrayList<>();
        List<ConfigSkill.Unavailable> unavailable = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        Map<String, String> engine = new java.util.LinkedHashMap<>();
        profile.builtins().forEach((name, value) -> {
            if (BuiltinVariables.NAMES.contains(name)) {
                engine.put(name, value);
            }
        });
        add(sections, seen, "Switchboard", engine);
        if (profile.llm() != null) {
            Map<String, String> llm = new java.util.LinkedHashMap<>(LlmVariables.values(profile.llm()));
            if (profile.hasLlmKey()) {
                try {
                    profiles.llm().apiKey(organizationId).ifPresent(key -> llm.put(LlmVariables.API_KEY, key.reveal()));
                } catch (RuntimeException e) {
                    LOG.warn("_config of organization {}: the LLM key cannot be opened ({})", organizationId,
                            e.getClass().getSimpleName());
                    unavailable.add(new ConfigSkill.Unavailable("llm", null, "llm_key_unavailable"));
                }
            }
            add(sections, seen, "LLM (" + profile.llm().provider().wireName() + ")", llm);
        }
        for (CapabilityProfile.Connection connection : profile.connections()) {
            List<String> names = connection.adapter().skillVariables().stream().map(SkillVariable::name)
                    .filter(name -> connection.equals(profile.source(name)) && !seen.contains(name)).toList();
            if (names.isEmpty()) {
                continue;
            }
            Integration integration = connection.integration();
            Map<String, SecretValue> provided;
            try {
                AccessToken token = tokens.resolve(organizationId, integration.id());
                provided = connection.adapter().skillVariableValues(contexts.forIntegration(integration), token);
            } catch (IntegrationException e) {
                unavailable.add(new ConfigSkill.Unavailable(integration.service(), integration.id().toString(),
                        e.code()));
                continue;
            } catch (ProviderException e) {
                unavailable.add(new ConfigSkill.Unavailable(integration.service(), integration.id().toString(),
                        "integration_unavailable"));
                continue;
            }
            Map<String, String> values = new java.util.LinkedHashMap<>();
            for (String name : names) {
                SecretValue value = provided == null ? null : provided.get(name);
                if (value != null && !value.isEmpty()) {
                    values.put(name, value.reveal());
                }
            }
            add(sections, seen, connection.adapter().descriptor().displayName() + " (" + integration.service() + ")",
                    values);
        }
        return new ConfigSkill.Content(sections, unavailable);
    }

    private static void add(List<ConfigSkill.Section> sections, Set<String> seen, String title,
                            Map<String, String> values) {
        Map<String, String> fresh = new java.util.LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (seen.add(name)) {
                fresh.put(name, value);
            }
        });
        if (!fresh.isEmpty()) {
            sections.add(new ConfigSkill.Section(title, fresh));
        }
    }

    /** {@code template} with every placeholder replaced; every name must be in {@code values}. */
    static String fill(String template, Map<String, SecretValue> values) {
        Matcher matcher = Skill.PLACEHOLDER.matcher(template);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(values.get(match.group(1)).reveal()));
    }

    private static String braces(List<String> names) {
        return new ArrayList<>(names).stream().map(name -> "{{" + name + "}}").collect(Collectors.joining(", "));
    }
}
