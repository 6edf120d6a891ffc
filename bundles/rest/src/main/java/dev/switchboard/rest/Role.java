package dev.switchboard.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A member's role in an organization, weakest first. */
public enum Role {
    @JsonProperty("member") MEMBER,
    @JsonProperty("admin") ADMIN,
    @JsonProperty("owner") OWNER;

    /** Whether this role grants at least what {@code required} grants. */
    public boolean atLeast(Role required) {
        return compareTo(required) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "'; expected member, admin or owner");
    }
}
