package dev.switchboard.skills.internal;

import dev.switchboard.integrations.Integration;
import dev.switchboard.llm.OrganizationLlm;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.SkillVariable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one user of an organization has connected, without any credential: the capabilities their usable
 * integrations satisfy, which integration fills each skill variable, and every variable name the engine knows.
 * Values are fetched only when a skill renders ({@link SkillRenderer}).
 */
final class CapabilityProfile {

    /** A usable integration with the adapter that serves it. */
    record Connection(Integration integration, ProviderAdapter adapter) {
    }

    private final List<Connection> connections;
    private final Set<String> satisfied = new TreeSet<>();
    private final Map<String, Connection> sources = new LinkedHashMap<>();
    private final Set<String> known = new TreeSet<>();
    private final Map<String, String> builtins;
    private final OrganizationLlm llm;

    CapabilityProfile(List<Connection> connections, Collection<ProviderAdapter> installed, Map<String, String> builtins) {
        this(connections, installed, builtins, null);
    }

    /** {@code llm}: the organization's own LLM settings, or null when it has none or they do not apply. */
    CapabilityProfile(List<Connection> connections, Collection<ProviderAdapter> installed, Map<String, String> builtins,
                      OrganizationLlm llm) {
        this.connections = List.copyOf(connections);
        this.llm = llm;
        Map<String, String> engine = new java.util.LinkedHashMap<>(builtins);
        if (llm != null) {
            engine.putAll(LlmVariables.values(llm));
            if (llm.apiKeyForMembers()) {
                satisfied.add(LlmVariables.CAPABILITY);
            }
        }
        this.builtins = java.util.Collections.unmodifiableMap(engine);
        known.addAll(BuiltinVariables.NAMES);
        known.addAll(LlmVariables.NAMES);
        for (ProviderAdapter adapter : installed) {
            adapter.skillVariables().forEach(variable -> known.add(variable.name()));
        }
        for (Connection connection : connections) {
            satisfied.addAll(connection.adapter().satisfiedCapabilities());
            for (SkillVariable variable : connection.adapter().skillVariables()) {
                known.add(variable.name());
                sources.putIfAbsent(variable.name(), connection);
            }
        }
    }

    List<Connection> connections() {
        return connections;
    }

    Set<String> satisfied() {
        return satisfied;
    }

    /** Required capabilities that no usable integration satisfies, in the order given. */
    List<String> missing(Collection<String> required) {
        return required.stream().filter(name -> !satisfied.contains(name)).toList();
    }

    /** Names in {@code placeholders} that neither the engine nor any installed adapter provides. */
    List<String> unknown(Collection<String> placeholders) {
        return placeholders.stream().filter(name -> !known.contains(name)).toList();
    }

    /** The integration that fills {@code variable}, if any. */
    Connection source(String variable) {
        return sources.get(variable);
    }

    /** The engine's own non-secret values present for this caller, the organization's LLM settings included. */
    Map<String, String> builtins() {
        return builtins;
    }

    /** The organization's own LLM settings, if they apply to this profile. */
    OrganizationLlm llm() {
        return llm;
    }

    /** Whether {@code {{LLM_API_KEY}}} can be filled (opened at render time): a key is set and an admin shares it. */
    boolean hasLlmKey() {
        return llm != null && llm.apiKeyForMembers();
    }

    /** The distinct connections needed to fill {@code placeholders}, in order of first use. */
    Set<Connection> needed(Collection<String> placeholders) {
        Set<Connection> needed = new LinkedHashSet<>();
        for (String name : placeholders) {
            Connection connection = sources.get(name);
            if (connection != null && !builtins.containsKey(name)
                    && !(name.equals(LlmVariables.API_KEY) && hasLlmKey())) {
                needed.add(connection);
            }
        }
        return needed;
    }
}
