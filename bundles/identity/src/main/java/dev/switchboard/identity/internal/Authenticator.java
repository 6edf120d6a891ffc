package dev.switchboard.identity.internal;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Turns a credential into a {@link Caller}: API key, console session, agent session token or service token. */
final class Authenticator {

    private final IdentityStore store;
    private final IdentityConfig config;
    private final ServiceTokens serviceTokens;
    private final Clock clock;

    Authenticator(IdentityStore store, IdentityConfig config, ServiceTokens serviceTokens, Clock clock) {
        this.store = store;
        this.config = config;
        this.serviceTokens = serviceTokens;
        this.clock = clock;
    }

    /**
     * @param bearer         the Authorization bearer token, or null
     * @param consoleSession the console session cookie, or null
     * @param organization   the X-Switchboard-Org header, or null
     * @return the caller; empty when no credential was sent
     * @throws ApiProblem 401 for a credential that is unknown, revoked or expired; 403 for an organization
     *                    the caller does not belong to
     */
    Optional<Caller> authenticate(String bearer, String consoleSession, String organization) {
        UUID requestedOrganization = parseOrganization(organization);
        if (bearer != null && !bearer.isBlank()) {
            return Optional.of(fromBearer(bearer.trim(), requestedOrganization));
        }
        if (consoleSession != null && !consoleSession.isBlank()) {
            return Optional.of(fromConsoleSession(consoleSession.trim(), requestedOrganization));
        }
        return Optional.empty();
    }

    private Caller fromBearer(String token, UUID requestedOrganization) {
        if (token.startsWith(Tokens.API_KEY)) {
            return fromApiKey(token, requestedOrganization);
        }
        if (token.startsWith(Tokens.SESSION_TOKEN)) {
            return fromSessionToken(token, requestedOrganization);
        }
        if (token.startsWith(Tokens.CONSOLE_SESSION)) {
            return fromConsoleSession(token, requestedOrganization);
        }
        return serviceTokens.match(token)
                .map(name -> new Caller(Caller.Kind.SERVICE_TOKEN, null, requestedOrganization,
                        requestedOrganization == null ? null : Role.ADMIN, null, null, null, false))
                .orElseThrow(Authenticator::invalid);
    }

    private Caller fromApiKey(String token, UUID requestedOrganization) {
        return store.unitOfWork().inTransaction(tx -> {
            Rows.ApiKey key = store.credentials(tx).apiKeyByHash(Tokens.hash(token));
            Instant now = clock.instant();
            if (key == null || key.revokedAt() != null || (key.expiresAt() != null && !key.expiresAt().isAfter(now))) {
                throw invalid();
            }
            if (requestedOrganization != null && !requestedOrganization.equals(key.organizationId())) {
                throw notAMember();
            }
            Rows.Membership membership = store.organizations(tx).membership(key.organizationId(), key.userId());
            if (membership == null) {
                throw invalid(); // the key's user left the organization
            }
            store.credentials(tx).touchApiKey(key.id());
            Rows.User user = store.accounts(tx).userById(key.userId());
            return new Caller(Caller.Kind.API_KEY, key.userId(), key.organizationId(),
                    Role.fromWireName(membership.role()), null, null, key.id(), config.isSuperAdmin(user.email()));
        });
    }

    private Caller fromSessionToken(String token, UUID requestedOrganization) {
        return store.unitOfWork().inTransaction(tx -> {
            Rows.SessionToken row = store.credentials(tx).sessionTokenByHash(Tokens.hash(token));
            if (row == null || row.revokedAt() != null) {
                throw invalid();
            }
            if (requestedOrganization != null && !requestedOrganization.equals(row.organizationId())) {
                throw notAMember();
            }
            // agents act with the least role: they may request, never approve
            return new Caller(Caller.Kind.SESSION_TOKEN, row.userId(), row.organizationId(), Role.MEMBER, null,
                    row.sessionId(), row.id(), false);
        });
    }

    private Caller fromConsoleSession(String token, UUID requestedOrganization) {
        return store.unitOfWork().inTransaction(tx -> {
            Rows.UserSession session = store.accounts(tx).sessionByHash(Tokens.hash(token));
            if (session == null) {
                throw invalid();
            }
            refreshIfDue(tx, session);
            Rows.User realUser = store.accounts(tx).userById(session.userId());
            boolean superAdmin = config.isSuperAdmin(realUser.email());
            if (superAdmin && session.impersonatedUserId() != null && session.impersonationExpiresAt() != null
                    && session.impersonationExpiresAt().isAfter(clock.instant())) {
                Caller impersonated = impersonated(tx, session);
                if (impersonated != null) {
                    return impersonated;
                }
            }
            UUID organization = activeOrganization(tx, session.userId(), requestedOrganization,
                    session.activeOrganizationId());
            Role role = organization == null ? null : Role.fromWireName(
                    store.organizations(tx).membership(organization, session.userId()).role());
            return new Caller(Caller.Kind.CONSOLE_SESSION, session.userId(), organization, role, null, null,
                    session.id(), superAdmin);
        });
    }

    private Caller impersonated(Transaction tx, Rows.UserSession session) {
        Rows.Membership membership = store.organizations(tx)
                .membership(session.impersonatedOrganizationId(), session.impersonatedUserId());
        if (membership == null) {
            return null; // the impersonated member left: the admin is themself again and can stop
        }
        return new Caller(Caller.Kind.CONSOLE_SESSION, session.impersonatedUserId(),
                session.impersonatedOrganizationId(), Role.fromWireName(membership.role()), session.userId(), null,
                session.id(), true);
    }

    private UUID activeOrganization(Transaction tx, UUID userId, UUID requested, UUID remembered) {
        OrganizationMapper organizations = store.organizations(tx);
        if (requested != null) {
            if (organizations.membership(requested, userId) == null) {
                throw notAMember();
            }
            return requested;
        }
        if (remembered != null && organizations.membership(remembered, userId) != null) {
            return remembered;
        }
        List<Rows.Membership> memberships = organizations.membershipsOfUser(userId);
        return memberships.isEmpty() ? null : memberships.get(0).organizationId();
    }

    private void refreshIfDue(Transaction tx, Rows.UserSession session) {
        Instant now = clock.instant();
        if (session.refreshedAt().plus(config.sessionRefresh()).isBefore(now)) {
            store.accounts(tx).refreshSession(session.id(), now.plus(config.sessionTtl()));
        }
    }

    private static UUID parseOrganization(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(header.trim());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid_parameter", "X-Switchboard-Org must be an organization id",
                    List.of(new ApiProblem.FieldError("X-Switchboard-Org", "must be a UUID")));
        }
    }

    static ApiProblem invalid() {
        return new ApiProblem(401, "invalid_credentials", "Unauthorized",
                "the credentials are unknown, revoked or expired");
    }

    private static ApiProblem notAMember() {
        // the same answer whether the organization exists or not
        return new ApiProblem(403, "not_a_member", "Forbidden", "you are not a member of that organization");
    }
}
