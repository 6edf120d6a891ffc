package dev.switchboard.triggers.internal;

import java.time.Instant;
import java.util.UUID;

/** Rows of the triggers tables as MyBatis maps them (by constructor parameter name). */
public final class Rows {

    private Rows() {
    }

    /** A trigger; {@code config} is JSON text, the secret is sealed. */
    public record TriggerRow(UUID id, UUID organizationId, UUID automationId, String source, String mode,
                             boolean enabled, UUID integrationId, String config, String webhookPath, String secretKeyId,
                             String secretValue, String pollingCron, String pollingCursor, Instant lastPolledAt,
                             String lastPollError, UUID createdBy, Instant createdAt, Instant updatedAt,
                             String targetKind, String targetSkill, String messageSource) {

        boolean polling() {
            return "polling".equals(mode);
        }

        /** Whether its events become runs of its automation (rather than inbound messages). */
        boolean targetsAutomation() {
            return targetKind == null || Targets.AUTOMATION.equals(targetKind);
        }
    }

    /** A trigger event; payload and context are JSON text. */
    public record EventRow(UUID id, UUID triggerId, UUID organizationId, String externalEventId, String eventType,
                           String status, String skipReason, String dedupKey, String rawPayload, String parsedContext,
                           UUID runId, UUID sessionId, String errorMessage, int handoffAttempts, Instant processedAt,
                           Instant createdAt, UUID messageId) {
    }

    /** An event to insert. */
    public record NewEvent(UUID id, UUID triggerId, UUID organizationId, String externalEventId, String eventType,
                           String status, String skipReason, String dedupKey, String rawPayload, String parsedContext,
                           UUID runId, String errorMessage, Instant nextAttemptAt) {
    }

    /** Counts of a trigger's events by status. */
    public record StatusCount(String status, long count) {
    }

    public record ScheduleRow(UUID id, UUID organizationId, UUID automationId, String name, String cronExpression,
                              String timezone, boolean enabled, Instant lastRunAt, UUID createdBy, Instant createdAt,
                              Instant updatedAt, String targetSkill, String input) {
    }
}
