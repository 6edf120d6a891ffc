package dev.switchboard.identity.internal;

import dev.switchboard.foundation.IdempotencyStore;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.identity.OrganizationDeletionParticipant;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Organizations and their members: roles, removal, ownership transfer, deletion with every owner's data. */
@Component(service = OrganizationService.class)
public class OrganizationService {

    private static final Logger LOG = LoggerFactory.getLogger(OrganizationService.class);

    private final IdentityStore store;
    private final AuditLog audit;
    private final OrganizationFactory factory = new OrganizationFactory();
    private final List<OrganizationDeletionParticipant> participants = new CopyOnWriteArrayList<>();

    private final IdempotencyStore idempotencyKeys;

    @Activate
    public OrganizationService(@Reference IdentityStore store, @Reference AuditLog audit,
                               @Reference IdempotencyStore idempotencyKeys) {
        this.store = store;
        this.audit = audit;
        this.idempotencyKeys = idempotencyKeys;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeParticipant")
    void addParticipant(OrganizationDeletionParticipant participant) {
        participants.add(participant);
    }

    void removeParticipant(OrganizationDeletionParticipant participant) {
        participants.remove(participant);
    }

    Rows.Organization create(Caller caller, String name, String slug) {
        String validName = Inputs.name("name", name, 100);
        String validSlug = slug == null ? null : Inputs.slug(slug);
        UUID userId = caller.requireUser();
        return store.unitOfWork().inTransaction(tx -> {
            Rows.Organization organization = factory.create(store, tx, validName, validSlug, false, userId);
            audit.record(tx, organization.id(), caller, "organization.created", "organization",
                    organization.id().toString(), Map.of("slug", organization.slug()));
            return organization;
        });
    }

    List<Rows.Membership> membershipsOf(UUID userId) {
        return store.unitOfWork().inTransaction(tx -> store.organizations(tx).membershipsOfUser(userId));
    }

    /** The organization with the caller's role in it; 404 when the caller is not a member. */
    Rows.Membership membership(Caller caller, UUID organizationId) {
        Rows.Membership membership = store.unitOfWork().inTransaction(tx ->
                store.organizations(tx).membership(organizationId, caller.requireUser()));
        if (membership == null) {
            throw ApiProblem.notFound("organization_not_found", "no such organization");
        }
        return membership;
    }

    Rows.Organization organization(UUID organizationId) {
        return store.unitOfWork().inTransaction(tx -> store.organizations(tx).organization(organizationId));
    }

    Rows.Organization update(Caller caller, UUID organizationId, String name, String slug) {
        requireRole(membership(caller, organizationId), Role.ADMIN);
        String validName = name == null ? null : Inputs.name("name", name, 100);
        String validSlug = slug == null ? null : Inputs.slug(slug);
        return store.unitOfWork().inTransaction(tx -> {
            OrganizationMapper organizations = store.organizations(tx);
            if (validSlug != null && organizations.slugTaken(organizationId, validSlug) > 0) {
                throw new ApiProblem(409, "slug_taken", "Conflict", "the slug '" + validSlug + "' is taken");
            }
            organizations.updateOrganization(organizationId, validName, validSlug);
            audit.record(tx, organizationId, caller, "organization.updated", "organization",
                    organizationId.toString(), nonNull("name", validName, "slug", validSlug));
            return organizations.organization(organizationId);
        });
    }

    void delete(Caller caller, UUID organizationId) {
        requireRole(membership(caller, organizationId), Role.OWNER);
        store.unitOfWork().run(tx -> {
            for (OrganizationDeletionParticipant participant : participants) {
                participant.deleteOrganizationData(tx, organizationId);
            }
            idempotencyKeys.deleteOrganization(tx, organizationId);
            store.audit(tx).deleteOrganization(organizationId);
            store.organizations(tx).deleteOrganization(organizationId);
        });
        LOG.info("organization {} deleted by {} with {} participants", organizationId, caller.userId(),
                participants.size());
    }

    List<Rows.Membership> members(Caller caller) {
        UUID organizationId = caller.requireOrganization();
        return store.unitOfWork().inTransaction(tx -> store.organizations(tx).members(organizationId));
    }

    Rows.Membership changeRole(Caller caller, UUID userId, Role role) {
        UUID organizationId = caller.requireOrganization();
        return store.unitOfWork().inTransaction(tx -> {
            OrganizationMapper organizations = store.organizations(tx);
            Rows.Membership target = existingMember(organizations, organizationId, userId);
            Role current = Role.fromWireName(target.role());
            boolean touchesOwner = role == Role.OWNER || current == Role.OWNER;
            if (touchesOwner && caller.role() != Role.OWNER) {
                throw new ApiProblem(403, "forbidden_role", "Forbidden", "only owners can grant or take the owner role");
            }
            if (current == Role.OWNER && role != Role.OWNER && organizations.lockAndCountOwners(organizationId) <= 1) {
                throw lastOwner();
            }
            organizations.updateRole(organizationId, userId, role.wireName());
            audit.record(tx, organizationId, caller, "member.role_changed", "member", userId.toString(),
                    Map.of("from", current.wireName(), "to", role.wireName()));
            return organizations.membership(organizationId, userId);
        });
    }

    void removeMember(Caller caller, UUID userId) {
        UUID organizationId = caller.requireOrganization();
        boolean self = userId.equals(caller.userId());
        if (!self && !caller.role().atLeast(Role.ADMIN)) {
            throw new ApiProblem(403, "forbidden_role", "Forbidden", "this needs the admin role");
        }
        store.unitOfWork().run(tx -> {
            OrganizationMapper organizations = store.organizations(tx);
            Rows.Membership target = existingMember(organizations, organizationId, userId);
            if (Role.fromWireName(target.role()) == Role.OWNER) {
                if (!self && caller.role() != Role.OWNER) {
                    throw new ApiProblem(403, "forbidden_role", "Forbidden", "only owners can remove an owner");
                }
                if (organizations.lockAndCountOwners(organizationId) <= 1) {
                    throw lastOwner();
                }
            }
            organizations.deleteMember(organizationId, userId);
            audit.record(tx, organizationId, caller, self ? "member.left" : "member.removed", "member",
                    userId.toString(), Map.of("role", target.role()));
        });
    }

    void transferOwnership(Caller caller, UUID organizationId, UUID newOwner) {
        requireRole(membership(caller, organizationId), Role.OWNER);
        store.unitOfWork().run(tx -> {
            OrganizationMapper organizations = store.organizations(tx);
            existingMember(organizations, organizationId, newOwner);
            organizations.lockAndCountOwners(organizationId);
            organizations.updateRole(organizationId, newOwner, Role.OWNER.wireName());
            if (!newOwner.equals(caller.userId())) {
                organizations.updateRole(organizationId, caller.userId(), Role.ADMIN.wireName());
            }
            audit.record(tx, organizationId, caller, "organization.ownership_transferred", "member",
                    newOwner.toString(), Map.of("previousOwner", caller.userId().toString()));
        });
    }

    private static Rows.Membership existingMember(OrganizationMapper organizations, UUID organizationId, UUID userId) {
        Rows.Membership target = organizations.membership(organizationId, userId);
        if (target == null) {
            throw ApiProblem.notFound("member_not_found", "no such member");
        }
        return target;
    }

    static void requireRole(Rows.Membership membership, Role required) {
        if (!Role.fromWireName(membership.role()).atLeast(required)) {
            throw new ApiProblem(403, "forbidden_role", "Forbidden", "this needs the " + required.wireName() + " role");
        }
    }

    private static ApiProblem lastOwner() {
        return new ApiProblem(409, "last_owner", "Conflict",
                "an organization keeps at least one owner; transfer ownership first");
    }

    private static Map<String, Object> nonNull(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        if (v1 != null) {
            map.put(k1, v1);
        }
        if (v2 != null) {
            map.put(k2, v2);
        }
        return map;
    }

}
