package dev.switchboard.core.plugins.internal;

import dev.switchboard.spi.PluginHeader;
import dev.switchboard.spi.PluginKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One clause of a bundle's {@code Switchboard-Plugin} header: {@code <kind>;id=<id>}, or
 * {@code <kind>;id=<id>;factory=true} for a plugin registered once per configuration with ids
 * {@code <id>-<name>} (none at all is fine).
 */
record DeclaredPlugin(PluginKind kind, String id, boolean factory) {

    DeclaredPlugin(PluginKind kind, String id) {
        this(kind, id, false);
    }

    /** Whether a registered plugin id is this declaration's. */
    boolean matches(String registeredId) {
        return factory ? registeredId.startsWith(id + "-") : registeredId.equals(id);
    }

    /** Parses a header value; clauses that cannot be understood are skipped and named in {@code problems}. */
    static List<DeclaredPlugin> parse(String header, List<String> problems) {
        List<DeclaredPlugin> declared = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return declared;
        }
        for (String clause : header.split(",")) {
            parseClause(clause.trim()).ifPresentOrElse(declared::add,
                    () -> problems.add(PluginHeader.NAME + " clause '" + clause.trim()
                            + "' is not of the form <kind>;id=<id>"));
        }
        return declared;
    }

    private static Optional<DeclaredPlugin> parseClause(String clause) {
        String[] parts = clause.split(";");
        Optional<PluginKind> kind = PluginKind.fromSlug(parts[0].trim());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        String id = null;
        boolean factory = false;
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            String value = pair[1].trim().replace("\"", "");
            switch (pair[0].trim()) {
                case "id" -> id = value;
                case "factory" -> factory = Boolean.parseBoolean(value);
                default -> {
                    // unknown attributes are left for later versions
                }
            }
        }
        return id != null && id.matches("[a-z0-9][a-z0-9-]{0,62}")
                ? Optional.of(new DeclaredPlugin(kind.get(), id, factory)) : Optional.empty();
    }
}
