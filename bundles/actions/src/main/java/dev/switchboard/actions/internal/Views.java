package dev.switchboard.actions.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** JSON shapes of the actions API. Parameters and results appear as stored: redacted, maybe truncated. */
public final class Views {

    private Views() {
    }

    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InvocationView(UUID id, UUID sessionId, String sessionTitle, UUID integrationId, String integration,
                                 String action, String riskLevel, Object params, String status, Object result,
                                 String error, Integer durationMs, UUID approvedBy, String approvedAt,
                                 String completedAt, String expiresAt, UUID grantId, String createdAt) {
        static InvocationView of(Rows.Invocation row) {
            return new InvocationView(row.id(), row.sessionId(), row.sessionTitle(), row.integrationId(),
                    row.integration(), row.action(), row.riskLevel(), Json.read(row.params()), row.status(),
                    Json.read(row.result()), row.error(), row.durationMs(), row.approvedBy(), iso(row.approvedAt()),
                    iso(row.completedAt()), iso(row.expiresAt()), row.grantId(), iso(row.createdAt()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrantView(UUID id, UUID sessionId, String scope, String integration, String action, Integer maxCalls,
                            int usedCalls, UUID createdBy, String expiresAt, String revokedAt, String createdAt) {
        static GrantView of(Rows.Grant row) {
            return new GrantView(row.id(), row.sessionId(), row.sessionId() == null ? "org" : "session",
                    row.integration(), row.action(), row.maxCalls(), row.usedCalls(), row.createdBy(),
                    iso(row.expiresAt()), iso(row.revokedAt()), iso(row.createdAt()));
        }
    }

    public record ActionView(String name, String description, String riskLevel, Object paramsSchema) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AvailableIntegration(String integration, String displayName, String service, UUID integrationId,
                                       List<ActionView> actions) {
    }

    public record AvailableView(List<AvailableIntegration> integrations) {
    }

    public record GuideView(String integration, String guide) {
    }

    /** The inbox: a page of invocations and how many match in all. */
    public record InboxPage(List<InvocationView> items, String nextCursor, long total) {
    }

    /** Answer of invoke and approve: the invocation and, when it ran, its result. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(InvocationView invocation, Map<String, Object> result, String message, GrantView grant) {
    }
}
