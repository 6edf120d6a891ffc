package dev.switchboard.spi.skill;

import dev.switchboard.spi.Plugin;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A packaged set of instructions for an agent or assistant, rendered by the engine with fresh credentials
 * and values ({@code {{VAR}}} placeholders) when a user or an automation invokes it.
 *
 * <p>A skill is pure data: every method is cheap, side-effect free, thread-safe and returns an equal value
 * for the lifetime of the service. The engine gates use by {@link #requiredRole()} and
 * {@link #requiredCapabilities()} (capability names satisfied by connected provider adapters, e.g.
 * {@code ats}, {@code email-read}), renders the template, and never logs or caches the rendered text.
 * Skills stored in the database (runtime skills) use the same shape and override a packaged skill with the
 * same slug.
 */
public interface Skill extends Plugin {

    /** A {@code {{NAME}}} placeholder; group 1 is the variable name. */
    Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Z][A-Z0-9_]*)\\s*}}");

    /** The skill's slug (lower-case, '-'); by default its {@link #descriptor()} id. */
    default String slug() {
        return descriptor().id();
    }

    /** What the skill does, one or two sentences; by default the descriptor's description. */
    default String description() {
        return descriptor().description();
    }

    /** When to use it, phrased for the model choosing a skill (e.g. "the user asks to schedule a meeting"). */
    String intent();

    /**
     * The instructions as a markdown template with {@code {{VAR}}} placeholders (see {@link #PLACEHOLDER});
     * also the prompt of {@link SkillAct.ExecuteWithTools} and {@link SkillAct.Notify}.
     */
    String instructions();

    /** Capability names that must be satisfied before the skill renders; empty if none. */
    default Set<String> requiredCapabilities() {
        return Set.of();
    }

    /** The least role allowed to use the skill. */
    default Role requiredRole() {
        return Role.MEMBER;
    }

    /** How the skill is invoked automatically; empty for skills used only on request. */
    default Optional<MatchSettings> matchSettings() {
        return Optional.empty();
    }

    /** The variable names used in {@link #instructions()}, in order of first use. */
    default Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(instructions());
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return Collections.unmodifiableSet(names);
    }
}
