package dev.switchboard.integrations;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Who sees an integration: the whole organization, or only its creator (and admins). */
public enum Visibility {
    @JsonProperty("org") ORG,
    @JsonProperty("private") PRIVATE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The visibility named {@code name} ({@code org} or {@code private}). */
    public static Visibility fromWireName(String name) {
        for (Visibility visibility : values()) {
            if (visibility.wireName().equals(name)) {
                return visibility;
            }
        }
        throw new IllegalArgumentException("unknown visibility '" + name + "'; expected org or private");
    }
}
