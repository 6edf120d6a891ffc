package dev.switchboard.triggers.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** What the triggers API answers. Timestamps are ISO-8601 strings; secrets appear only where noted. */
public final class Views {

    private Views() {
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TriggerView(String id, String automationId, Map<String, Object> target, String source, String mode, boolean enabled,
                              String integrationId, Map<String, Object> config, String webhookUrl, String pollingCron,
                              String lastPolledAt, String lastPollError, String nextPollAt,
                              Map<String, Long> eventCounts, String createdAt, String updatedAt,
                              /** only in the answer that created the secret: it is never shown again */
                              String secret) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventView(String id, String triggerId, String externalEventId, String eventType, String status,
                            String skipReason, String runId, String sessionId, String messageId, String errorMessage,
                            Map<String, Object> context,
                            Map<String, Object> payload, String processedAt, String createdAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScheduleView(String id, String automationId, Map<String, Object> target, Map<String, Object> input,
                               String name, String cronExpression, String timezone,
                               boolean enabled, String lastRunAt, String nextRunAt, String createdAt, String updatedAt) {
    }

    public record SourceView(String id, String displayName, String description, String service,
                             List<String> modes, boolean requiresConnection, Object configSchema, String state) {
    }
}
