package dev.switchboard.identity.internal;

import dev.switchboard.foundation.Ids;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Role;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Creates organizations with their first owner. A derived slug that is taken gets a random suffix, so a
 * sign-up never ends without an organization; a slug asked for explicitly is never changed (409).
 */
final class OrganizationFactory {

    private static final int ATTEMPTS = 8;
    private final SecureRandom random = new SecureRandom();

    Rows.Organization create(IdentityStore store, Transaction tx, String name, String requestedSlug, boolean personal,
                             UUID ownerId) {
        OrganizationMapper organizations = store.organizations(tx);
        UUID id = Ids.newId();
        if (requestedSlug != null) {
            if (organizations.insertOrganization(id, name, requestedSlug, personal) == 0) {
                throw new ApiProblem(409, "slug_taken", "Conflict", "the slug '" + requestedSlug + "' is taken");
            }
        } else {
            String base = Inputs.slugFrom(name);
            String slug = base;
            int attempt = 0;
            while (organizations.insertOrganization(id, name, slug, personal) == 0) {
                if (++attempt >= ATTEMPTS) {
                    slug = base + "-" + id.toString().substring(24);
                    if (organizations.insertOrganization(id, name, slug, personal) == 0) {
                        throw new IllegalStateException("no free slug for a new organization");
                    }
                    break;
                }
                byte[] suffix = new byte[3];
                random.nextBytes(suffix);
                slug = base + "-" + HexFormat.of().formatHex(suffix);
            }
        }
        organizations.insertMember(id, ownerId, Role.OWNER.wireName());
        return organizations.organization(id);
    }
}
