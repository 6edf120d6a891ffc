package dev.switchboard.spi.provider;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@code {{NAME}}} variable a provider adapter can fill into skill instructions, e.g.
 * {@code ATS_TOKEN} or {@code CALENDLY_SCHEDULING_URL}.
 *
 * @param name        upper-case letters, digits and '_', starting with a letter
 * @param description what the value is, shown to skill authors
 * @param secret      whether the value is a credential (rendered skills are never logged or cached either way)
 */
public record SkillVariable(String name, String description, boolean secret) {

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    public SkillVariable {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("skill variable name must match " + NAME + ": " + name);
        }
        description = description == null ? "" : description;
    }
}
