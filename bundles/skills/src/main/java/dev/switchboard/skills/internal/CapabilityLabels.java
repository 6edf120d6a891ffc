package dev.switchboard.skills.internal;

import dev.switchboard.skills.MissingCapability;
import dev.switchboard.spi.provider.ProviderAdapter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What people are told to connect for a capability: the spec's wording for the well-known ones, else the display
 * names of the installed adapters that satisfy it ("Linear" or "Gmail or Outlook"), else the capability's name.
 */
final class CapabilityLabels {

    private static final Map<String, String> WELL_KNOWN = Map.of(
            "ats", "ATS (Greenhouse, Lever, etc.)",
            "calendly", "Calendly",
            "calendar", "Calendar (iCal or Calendly)",
            "email-read", "Email (Gmail or Outlook)",
            LlmVariables.CAPABILITY, LlmVariables.LABEL);

    private CapabilityLabels() {
    }

    static List<MissingCapability> missing(Collection<String> capabilities, Collection<ProviderAdapter> installed) {
        return capabilities.stream().map(name -> new MissingCapability(name, label(name, installed))).toList();
    }

    static String label(String capability, Collection<ProviderAdapter> installed) {
        String known = WELL_KNOWN.get(capability);
        if (known != null) {
            return known;
        }
        TreeSet<String> names = new TreeSet<>();
        for (ProviderAdapter adapter : installed) {
            if (adapter.satisfiedCapabilities().contains(capability)) {
                names.add(adapter.descriptor().displayName());
            }
        }
        return names.isEmpty() ? capability : String.join(" or ", names);
    }

    /** The display names of the installed adapters that provide {@code variable}. */
    static String providersOf(String variable, Collection<ProviderAdapter> installed) {
        TreeSet<String> names = new TreeSet<>();
        if (LlmVariables.NAMES.contains(variable)) {
            names.add(LlmVariables.LABEL);
        }
        for (ProviderAdapter adapter : installed) {
            if (adapter.skillVariables().stream().anyMatch(v -> v.name().equals(variable))) {
                names.add(adapter.descriptor().displayName());
            }
        }
        return names.isEmpty() ? variable : String.join(" or ", names);
    }
}
