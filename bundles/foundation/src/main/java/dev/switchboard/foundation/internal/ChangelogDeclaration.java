package dev.switchboard.foundation.internal;

import dev.switchboard.foundation.SchemaReady;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A parsed {@code Switchboard-Changelog} header:
 * {@code db/changelog/<module>/changelog.xml;module=<module>;after=<a>|<b>}.
 */
record ChangelogDeclaration(String changelog, String module, Set<String> after) {

    private static final String MODULE_NAME = "[a-z][a-z0-9-]*";

    static ChangelogDeclaration parse(String header) {
        String[] parts = header.split(";");
        String changelog = parts[0].trim();
        String module = null;
        Set<String> after = new LinkedHashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("expected key=value in " + SchemaReady.CHANGELOG_HEADER
                        + " but got '" + parts[i].trim() + "'");
            }
            String key = pair[0].trim();
            String value = pair[1].trim().replace("\"", "");
            switch (key) {
                case "module" -> module = value;
                case "after" -> {
                    for (String dependency : value.split("\\|")) {
                        if (dependency.isBlank()) {
                            continue;
                        }
                        // a name no module can have would keep this module pending for ever
                        if (!dependency.trim().matches(MODULE_NAME)) {
                            throw new IllegalArgumentException(SchemaReady.CHANGELOG_HEADER + " after= lists '"
                                    + dependency.trim() + "', which is not a lower-case module name");
                        }
                        after.add(dependency.trim());
                    }
                }
                default -> throw new IllegalArgumentException("unknown attribute '" + key + "' in "
                        + SchemaReady.CHANGELOG_HEADER);
            }
        }
        if (changelog.isEmpty() || module == null || !module.matches(MODULE_NAME)) {
            throw new IllegalArgumentException(SchemaReady.CHANGELOG_HEADER
                    + " needs a changelog path and module=<lower-case name>: '" + header + "'");
        }
        if (!module.equals(SchemaReady.FOUNDATION)) {
            after.add(SchemaReady.FOUNDATION);
        }
        after.remove(module);
        return new ChangelogDeclaration(changelog, module, Set.copyOf(after));
    }
}
