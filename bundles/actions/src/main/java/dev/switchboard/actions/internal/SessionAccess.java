package dev.switchboard.actions.internal;

import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import dev.switchboard.sessions.SessionRef;
import dev.switchboard.sessions.Sessions;
import java.util.UUID;

/**
 * Who may touch a session's actions: its own agent (session token bound to it) and members of its
 * organization. Another organization's session, or another session's token, finds nothing (404).
 */
final class SessionAccess {

    private final Sessions sessions;

    SessionAccess(Sessions sessions) {
        this.sessions = sessions;
    }

    SessionRef session(Caller caller, UUID sessionId) {
        if (caller.kind() == Caller.Kind.SESSION_TOKEN && !sessionId.equals(caller.sessionId())) {
            throw notFound();
        }
        UUID organizationId = caller.requireOrganization();
        return sessions.get(organizationId, sessionId).orElseThrow(SessionAccess::notFound);
    }

    /** The session, for its own agent only. */
    SessionRef agentSession(Caller caller, UUID sessionId) {
        if (caller.kind() != Caller.Kind.SESSION_TOKEN) {
            throw new ApiProblem(403, "session_token_required", "Forbidden",
                    "only the session's agent, with its session token, can do this");
        }
        return session(caller, sessionId);
    }

    /** The session, for an admin or owner user of its organization. */
    SessionRef approverSession(Caller caller, UUID sessionId) {
        requireApprover(caller);
        return session(caller, sessionId);
    }

    static UUID requireApprover(Caller caller) {
        if (caller.kind() == Caller.Kind.SESSION_TOKEN) {
            throw new ApiProblem(403, "session_token_not_allowed", "Forbidden",
                    "agents cannot approve or deny their own actions");
        }
        UUID userId = caller.requireUser();
        caller.requireOrganization();
        if (caller.role() == null || !caller.role().atLeast(Role.ADMIN)) {
            throw new ApiProblem(403, "forbidden_role", "Forbidden", "this needs the admin role");
        }
        return userId;
    }

    static ApiProblem notFound() {
        return ApiProblem.notFound("session_not_found", "no such session");
    }
}
