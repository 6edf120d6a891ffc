package dev.switchboard.core.plugins.internal;

import dev.switchboard.spi.PluginHeader;
import dev.switchboard.spi.PluginKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One clause of a bundle's {@code Switchboard-Plugin} header: {@code <kind>;id=<id>}. */
record DeclaredPlugin(PluginKind kind, String id) {

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
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            if (pair.length == 2 && pair[0].trim().equals("id")) {
                String id = pair[1].trim().replace("\"", "");
                return id.matches("[a-z0-9][a-z0-9-]{0,62}") ? Optional.of(new DeclaredPlugin(kind.get(), id))
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
