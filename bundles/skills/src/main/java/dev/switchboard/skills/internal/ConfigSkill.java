package dev.switchboard.skills.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reserved built-in skill {@code _config} (seed 000): every credential and setting the caller's capability
 * profile can fill, rendered fresh on each request, for a client to load once when a chat starts. It has no
 * template: its body is generated, one section per source, one {@code - NAME: value} line per variable, so that
 * clients can read values by the names skills use ({@code {{NAME}}}). It is never listed, never stored and cannot
 * be overridden: a skill's slug cannot start with {@code _}.
 */
public final class ConfigSkill {

    static final String SLUG = "_config";
    static final String DESCRIPTION = "Every credential and setting you may use, fresh; load it when a chat starts"
            + " and keep it in memory only";
    static final String INTENT = "System configuration (auto-loaded)";

    private ConfigSkill() {
    }

    /** The values of one source, in the order its variables are declared. */
    public record Section(String title, Map<String, String> values) {
    }

    /** A source that could not give its values now; the rest of the configuration is still served. */
    public record Unavailable(String source, String integrationId, String code) {
    }

    /** Everything {@code _config} holds for one caller. */
    public record Content(List<Section> sections, List<Unavailable> unavailable) {

        Map<String, String> variables() {
            Map<String, String> variables = new LinkedHashMap<>();
            sections.forEach(section -> section.values().forEach(variables::putIfAbsent));
            return variables;
        }

        /** The SKILL.md body: a heading per section, a line per variable, then what is unavailable. */
        String body() {
            StringBuilder body = new StringBuilder("# Configuration\n\nValues by the names skills use as {{NAME}}."
                    + " They are credentials: keep them in memory, never log or store them.\n");
            for (Section section : sections) {
                body.append("\n## ").append(section.title()).append("\n\n");
                section.values().forEach((name, value) -> body.append("- ").append(name).append(": ").append(value)
                        .append('\n'));
            }
            if (!unavailable.isEmpty()) {
                body.append("\n## Unavailable now\n\n");
                unavailable.forEach(item -> body.append("- ").append(item.source()).append(": ").append(item.code())
                        .append('\n'));
            }
            return body.toString();
        }
    }
}
