package dev.switchboard.spi.skill;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A value the matcher extracts from the input along with the match, e.g. {@code amount} from a receipt.
 *
 * @param name        letters, digits and '_', starting with a letter or '_'
 * @param description what to extract, for the matcher's prompt
 * @param required    whether a match without this value counts as no match
 */
public record ExtractField(String name, String description, boolean required) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public ExtractField {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("extract field name must match " + NAME + ": " + name);
        }
        description = description == null ? "" : description;
    }
}
