package dev.switchboard.inbox.internal;

import java.time.Instant;
import java.util.UUID;

/** An inbox_tool_loops row as MyBatis maps it; the conversation as JSON text. */
public record ToolLoopRow(UUID messageId, UUID organizationId, String skill, UUID sessionId, String status,
                          int iteration, String conversation, UUID pendingInvocationId, String pendingToolCallId,
                          Instant nextCheckAt, String finalText, String finalError) {

    boolean done() {
        return "done".equals(status);
    }
}
