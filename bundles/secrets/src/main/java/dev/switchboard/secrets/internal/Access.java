package dev.switchboard.secrets.internal;

import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import java.util.UUID;
import javax.ws.rs.core.SecurityContext;

/**
 * Who may do what. The auth filter enforces {@code @RequiresRole} as well; checking here keeps the rule
 * true when a resource is called without it (tests, another runtime).
 */
final class Access {

    private Access() {
    }

    /** Any member of the active organization. */
    static Caller member(SecurityContext security) {
        Caller caller = Caller.of(security);
        caller.requireOrganization();
        return caller;
    }

    /** An admin or owner of the active organization. */
    static Caller admin(SecurityContext security) {
        Caller caller = member(security);
        if (caller.role() == null || !caller.role().atLeast(Role.ADMIN)) {
            throw SecretsProblems.forbidden("changing secrets needs the admin role in this organization");
        }
        return caller;
    }

    /** A configured super-admin. */
    static Caller superAdmin(SecurityContext security) {
        Caller caller = Caller.of(security);
        if (!caller.superAdmin()) {
            throw SecretsProblems.forbidden("re-encrypting secrets is for super-admins only");
        }
        return caller;
    }

    /** A path id: anything but a UUID names nothing, hence {@code notFound}. */
    static UUID id(String id, ApiProblem notFound) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound;
        }
    }

    /** An optional UUID query parameter. */
    static UUID optionalId(String field, String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw SecretsProblems.invalid(field, "must be a UUID");
        }
    }
}
