package dev.switchboard.rest;

import java.security.Principal;
import java.util.Optional;
import java.util.UUID;
import javax.ws.rs.core.SecurityContext;

/**
 * Who is calling, as the auth filter resolved it, and in which organization. Resources read it with
 * {@link #of(SecurityContext)} from an injected {@code @Context SecurityContext}.
 *
 * @param kind           how the caller authenticated
 * @param userId         the acting user; for impersonation the impersonated user; null for services
 * @param organizationId the active organization; null when the user belongs to none yet
 * @param role           the user's role in the active organization; null without one
 * @param realUserId     the super-admin behind an impersonation, else null
 * @param sessionId      the agent session a session token is bound to, else null
 * @param credentialId   id of the API key, console session or session token used
 * @param superAdmin     whether the real user is a configured super-admin
 */
public record Caller(Kind kind, UUID userId, UUID organizationId, Role role, UUID realUserId, UUID sessionId,
                     UUID credentialId, boolean superAdmin) implements Principal {

    /** How a caller authenticated. */
    public enum Kind { CONSOLE_SESSION, API_KEY, SESSION_TOKEN, SERVICE_TOKEN }

    /** The caller of a request, or 401 when the endpoint is public and nobody authenticated. */
    public static Caller of(SecurityContext security) {
        return optional(security).orElseThrow(() -> new ApiProblem(401, "unauthenticated", "Unauthorized",
                "credentials are required"));
    }

    /** The caller of a request, if any authenticated. */
    public static Optional<Caller> optional(SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        return principal instanceof Caller caller ? Optional.of(caller) : Optional.empty();
    }

    /** The active organization, or 404-free 403 when the caller has none. */
    public UUID requireOrganization() {
        if (organizationId == null) {
            throw new ApiProblem(403, "organization_required", "Forbidden",
                    "this request needs an active organization");
        }
        return organizationId;
    }

    /** The acting user, or 403 for service callers. */
    public UUID requireUser() {
        if (userId == null) {
            throw new ApiProblem(403, "user_required", "Forbidden", "this request must be made by a user");
        }
        return userId;
    }

    public boolean impersonating() {
        return realUserId != null;
    }

    @Override
    public String getName() {
        return userId != null ? userId.toString() : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
