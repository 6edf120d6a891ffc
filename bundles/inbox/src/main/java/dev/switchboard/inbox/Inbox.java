package dev.switchboard.inbox;

import dev.switchboard.foundation.Transaction;
import java.util.Optional;
import java.util.UUID;

/**
 * The inbox for other engine bundles: trigger events and schedule fires become inbound messages here, in the
 * caller's transaction, so that they commit with the caller's own rows (a trigger event, a schedule's fire mark) or
 * not at all. A message without a skill is matched against the organization's skills like a posted one; a message
 * for a named skill skips matching and goes straight to that skill's act.
 */
public interface Inbox {

    /**
     * Records {@code message} and queues its processing in {@code tx}.
     *
     * @return the message's id, or empty when a message with the same origin key exists already (nothing recorded)
     * @throws IllegalArgumentException when the message breaks the limits of {@link NewInboundMessage}
     */
    Optional<UUID> receive(Transaction tx, NewInboundMessage message);

    /**
     * Why {@code slug} cannot take messages from {@code source} ({@code event} or {@code schedule}) in the
     * organization, as a sentence for the person setting it up; empty when it can. A skill can when it exists for the
     * organization (deployed, or the organization's own), is enabled and lists the source among its match sources
     * ({@code event} for triggers, {@code cron} for schedules).
     */
    Optional<String> targetProblem(UUID organizationId, String slug, String source);
}
