package dev.switchboard.sessions;

import java.time.Instant;
import java.util.UUID;

/**
 * An agent session as other bundles need it.
 *
 * @param createdBy   the user who started the session (an agent's grants are recorded in this user's name);
 *                    {@code null} when that user was deleted
 * @param sessionType e.g. {@code coding}, {@code setup}, {@code automation}
 * @param status      lifecycle: pending, starting, running, paused, stopped, failed
 */
public record SessionRef(UUID id, UUID organizationId, UUID createdBy, String sessionType, String status,
                         String title, Instant createdAt) {
}
