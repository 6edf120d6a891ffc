package dev.switchboard.spi.skill;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Organization roles, from least to most privileged. */
public enum Role {
    @JsonProperty("member") MEMBER,
    @JsonProperty("admin") ADMIN,
    @JsonProperty("owner") OWNER;

    /** Whether a user with this role may do what {@code required} allows. */
    public boolean satisfies(Role required) {
        return compareTo(required) >= 0;
    }
}
