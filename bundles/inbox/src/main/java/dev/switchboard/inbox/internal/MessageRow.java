package dev.switchboard.inbox.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * An inbound_messages row as MyBatis maps it; JSON columns as text. {@code sessionId} is the session of its tool
 * loop ({@code execute_with_tools}), if it has one.
 */
public record MessageRow(UUID id, UUID organizationId, String source, String sender, String subject, String text,
                         UUID postedBy, String status, String matchedSkill, Double confidence, String extractedFields,
                         String summary, String act, String actPending, String notMatchedReason,
                         String notMatchedDetail, String result, UUID runId, String error, Instant createdAt,
                         Instant processedAt, String targetSkill, String originKey, UUID sessionId) {
}
