package dev.switchboard.identity;

import dev.switchboard.rest.Role;
import java.util.Optional;
import java.util.UUID;

/** Read access to memberships for other bundles (e.g. to check who may approve). */
public interface Members {

    Optional<Role> roleOf(UUID organizationId, UUID userId);
}
