package dev.switchboard.secrets.internal;

/** Whether a secret named {@code key} is available organization-wide or in the asked scope. */
public record KeyPresence(String key, boolean exists) {
}
