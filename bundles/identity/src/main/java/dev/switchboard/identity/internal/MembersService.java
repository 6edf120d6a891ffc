package dev.switchboard.identity.internal;

import dev.switchboard.identity.Members;
import dev.switchboard.rest.Role;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Membership look-ups for other bundles. */
@Component(service = Members.class)
public class MembersService implements Members {

    private final IdentityStore store;

    @Activate
    public MembersService(@Reference IdentityStore store) {
        this.store = store;
    }

    @Override
    public Optional<Role> roleOf(UUID organizationId, UUID userId) {
        return store.unitOfWork().inTransaction(tx -> Optional.ofNullable(
                store.organizations(tx).membership(organizationId, userId)).map(m -> Role.fromWireName(m.role())));
    }
}
