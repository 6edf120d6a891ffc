package dev.switchboard.identity.internal;

import static dev.switchboard.identity.internal.IdentityFixture.assertProblem;
import static dev.switchboard.identity.internal.IdentityFixture.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.internal.IdentityTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.identity.OrganizationDeletionParticipant;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrganizationServiceTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(IdentityTestSchema::apply);

    private static IdentityFixture fx;

    private AccountService.Login owner;
    private UUID team;
    private AccountService.Login admin;
    private AccountService.Login member;

    @BeforeAll
    static void wire() {
        fx = new IdentityFixture(DB);
    }

    @BeforeEach
    void team() {
        owner = fx.signUp("owner");
        team = fx.teamOf(owner);
        admin = fx.joined(team, Role.ADMIN, "admin");
        member = fx.joined(team, Role.MEMBER, "member");
    }

    private Caller in(AccountService.Login login) {
        return fx.console(login, team);
    }

    private Optional<Role> roleOf(AccountService.Login login) {
        return fx.members.roleOf(team, login.user().id());
    }

    @Nested
    class Organizations {

        @Test
        void theCreatorOwnsANewOrganization() {
            String name = unique("Acme Corp");

            Rows.Organization created = fx.organizations.create(fx.console(member), name, null);

            assertEquals(name, created.name());
            assertEquals(Inputs.slugFrom(name), created.slug());
            assertFalse(created.isPersonal());
            assertEquals(Optional.of(Role.OWNER), fx.members.roleOf(created.id(), member.user().id()));
            assertEquals(1L, fx.count("SELECT count(*) FROM audit_log WHERE action = 'organization.created'"
                    + " AND organization_id = '" + created.id() + "'"));
        }

        @Test
        void anExplicitSlugThatIsTakenIs409AndCreatesNothing() {
            String slug = fx.organizations.organization(team).slug();
            Map<String, Long> before = fx.rowCounts();

            assertProblem(409, "slug_taken", () -> fx.organizations.create(fx.console(member), "Copy", slug));

            assertEquals(before, fx.rowCounts());
        }

        @Test
        void anInvalidSlugOrNameIs400() {
            Map<String, Long> before = fx.rowCounts();

            assertProblem(400, "invalid_slug", () -> fx.organizations.create(fx.console(member), "Name", "Not A Slug"));
            assertProblem(400, "invalid_slug", () -> fx.organizations.create(fx.console(member), "Name", "-dash"));
            assertProblem(400, "invalid_name", () -> fx.organizations.create(fx.console(member), " ", null));

            assertEquals(before, fx.rowCounts());
        }

        @Test
        void anAdminRenamesAndChangesTheSlug() {
            String slug = unique("renamed");

            Rows.Organization updated = fx.organizations.update(in(admin), team, "Renamed", slug);

            assertEquals("Renamed", updated.name());
            assertEquals(slug, updated.slug());
            Rows.Organization nameOnly = fx.organizations.update(in(admin), team, "Again", null);
            assertEquals(slug, nameOnly.slug(), "an absent slug is kept");
            assertEquals(slug, fx.organizations.update(in(admin), team, null, slug).slug(), "its own slug is free");
        }

        @Test
        void changingToATakenSlugIs409AndChangesNothing() {
            Rows.Organization before = fx.organizations.organization(team);
            String taken = owner.organization().slug();

            assertProblem(409, "slug_taken", () -> fx.organizations.update(in(owner), team, "New name", taken));

            assertEquals(before, fx.organizations.organization(team));
        }

        @Test
        void aMemberCannotUpdate() {
            Rows.Organization before = fx.organizations.organization(team);

            assertProblem(403, "forbidden_role", () -> fx.organizations.update(in(member), team, "Mine", null));

            assertEquals(before, fx.organizations.organization(team));
        }

        @Test
        void anotherOrganizationsIdIsNotFoundForEveryOperation() {
            AccountService.Login stranger = fx.signUp("stranger");
            UUID foreign = stranger.organization().id();
            Caller ownerOfTeam = in(owner);
            Rows.Organization before = fx.organizations.organization(foreign);

            assertProblem(404, "organization_not_found", () -> fx.organizations.membership(ownerOfTeam, foreign));
            assertProblem(404, "organization_not_found",
                    () -> fx.organizations.update(ownerOfTeam, foreign, "Taken over", null));
            assertProblem(404, "organization_not_found", () -> fx.organizations.delete(ownerOfTeam, foreign));
            assertProblem(404, "organization_not_found",
                    () -> fx.organizations.transferOwnership(ownerOfTeam, foreign, owner.user().id()));
            assertProblem(404, "organization_not_found",
                    () -> fx.organizations.membership(ownerOfTeam, UUID.randomUUID()));

            assertEquals(before, fx.organizations.organization(foreign));
            assertEquals(Optional.of(Role.OWNER), fx.members.roleOf(foreign, stranger.user().id()));
            assertEquals(Optional.empty(), fx.members.roleOf(foreign, owner.user().id()));
        }
    }

    @Nested
    class Members {

        @Test
        void theMemberListHasOnlyTheActiveOrganizationsMembers() {
            fx.signUp("outsider");

            Set<UUID> listed = fx.organizations.members(in(member)).stream().map(Rows.Membership::userId)
                    .collect(Collectors.toSet());

            assertEquals(Set.of(owner.user().id(), admin.user().id(), member.user().id()), listed);
            assertEquals(Set.of(owner.user().id()), fx.organizations.members(fx.console(owner)).stream()
                    .map(Rows.Membership::userId).collect(Collectors.toSet()), "the personal organization");
        }

        @Test
        void anAdminChangesAMembersRoleAndItIsAudited() {
            Rows.Membership changed = fx.organizations.changeRole(in(admin), member.user().id(), Role.ADMIN);

            assertEquals("admin", changed.role());
            assertEquals(Optional.of(Role.ADMIN), roleOf(member));
            assertEquals("{\"to\": \"admin\", \"from\": \"member\"}", DB.queryValue(
                    "SELECT details::text FROM audit_log WHERE action = 'member.role_changed' AND organization_id = '"
                            + team + "' AND target_id = '" + member.user().id() + "'"));
        }

        @Test
        void anAdminCannotGrantOrTakeTheOwnerRole() {
            assertProblem(403, "forbidden_role",
                    () -> fx.organizations.changeRole(in(admin), member.user().id(), Role.OWNER));
            assertProblem(403, "forbidden_role",
                    () -> fx.organizations.changeRole(in(admin), admin.user().id(), Role.OWNER));
            assertProblem(403, "forbidden_role",
                    () -> fx.organizations.changeRole(in(admin), owner.user().id(), Role.MEMBER));

            assertEquals(Optional.of(Role.MEMBER), roleOf(member));
            assertEquals(Optional.of(Role.ADMIN), roleOf(admin));
            assertEquals(Optional.of(Role.OWNER), roleOf(owner));
        }

        @Test
        void anOwnerMayGrantOwnerAndThenStepDown() {
            fx.organizations.changeRole(in(owner), admin.user().id(), Role.OWNER);
            fx.organizations.changeRole(in(owner), owner.user().id(), Role.MEMBER);

            assertEquals(Optional.of(Role.OWNER), roleOf(admin));
            assertEquals(Optional.of(Role.MEMBER), roleOf(owner));
        }

        @Test
        void theLastOwnerCannotBeDemotedOrRemoved() {
            assertProblem(409, "last_owner", () -> fx.organizations.changeRole(in(owner), owner.user().id(), Role.ADMIN));
            assertProblem(409, "last_owner", () -> fx.organizations.removeMember(in(owner), owner.user().id()));

            assertEquals(Optional.of(Role.OWNER), roleOf(owner));
        }

        @Test
        void aMemberCanLeave() {
            fx.organizations.removeMember(in(member), member.user().id());

            assertEquals(Optional.empty(), roleOf(member));
            assertEquals(1L, fx.count("SELECT count(*) FROM audit_log WHERE action = 'member.left'"
                    + " AND organization_id = '" + team + "' AND target_id = '" + member.user().id() + "'"));
        }

        @Test
        void aMemberCannotRemoveOthers() {
            assertProblem(403, "forbidden_role", () -> fx.organizations.removeMember(in(member), admin.user().id()));

            assertEquals(Optional.of(Role.ADMIN), roleOf(admin));
        }

        @Test
        void anAdminRemovesMembersButNotOwners() {
            assertProblem(403, "forbidden_role", () -> fx.organizations.removeMember(in(admin), owner.user().id()));
            fx.organizations.removeMember(in(admin), member.user().id());

            assertEquals(Optional.of(Role.OWNER), roleOf(owner));
            assertEquals(Optional.empty(), roleOf(member));
            assertEquals(1L, fx.count("SELECT count(*) FROM audit_log WHERE action = 'member.removed'"
                    + " AND organization_id = '" + team + "' AND target_id = '" + member.user().id() + "'"));
        }

        @Test
        void someoneOutsideTheOrganizationIsNotAMember() {
            AccountService.Login outsider = fx.signUp("outsider");

            assertProblem(404, "member_not_found", () -> fx.organizations.removeMember(in(owner), outsider.user().id()));
            assertProblem(404, "member_not_found",
                    () -> fx.organizations.changeRole(in(owner), outsider.user().id(), Role.ADMIN));
            assertEquals(Optional.of(Role.OWNER), fx.members.roleOf(outsider.organization().id(), outsider.user().id()));
        }

        @Test
        void ownershipIsTransferredAndThePreviousOwnerBecomesAdmin() {
            fx.organizations.transferOwnership(in(owner), team, member.user().id());

            assertEquals(Optional.of(Role.OWNER), roleOf(member));
            assertEquals(Optional.of(Role.ADMIN), roleOf(owner));
            assertEquals(1L, fx.count("SELECT count(*) FROM members WHERE organization_id = '" + team
                    + "' AND role = 'owner'"));
        }

        @Test
        void onlyAnOwnerTransfersAndOnlyToAMember() {
            AccountService.Login outsider = fx.signUp("outsider");

            assertProblem(403, "forbidden_role",
                    () -> fx.organizations.transferOwnership(in(admin), team, admin.user().id()));
            assertProblem(404, "member_not_found",
                    () -> fx.organizations.transferOwnership(in(owner), team, outsider.user().id()));

            assertEquals(Optional.of(Role.OWNER), roleOf(owner));
            assertEquals(Optional.of(Role.ADMIN), roleOf(admin));
        }
    }

    @Nested
    class Deletion {

        private final List<UUID> deleted = new CopyOnWriteArrayList<>();
        private OrganizationService organizations;

        /** Deletes "its" data (here: the audit trail) in the deleting transaction, and records the call. */
        private final OrganizationDeletionParticipant recorder = new OrganizationDeletionParticipant() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public void deleteOrganizationData(Transaction tx, UUID organizationId) {
                fx.store.audit(tx).deleteOrganization(organizationId);
                deleted.add(organizationId);
            }
        };

        @BeforeEach
        void service() {
            organizations = fx.newOrganizationService();
            organizations.addParticipant(recorder);
            fx.apiKeys.create(in(member), "member key", null);
            fx.invitations.invite(in(owner), IdentityFixture.uniqueEmail("invitee"), "member");
            fx.idempotencyKeys.begin(team, "create-something", "request-hash", Duration.ofHours(1));
        }

        @Test
        void anOwnerDeletesTheOrganizationWithEveryParticipantsData() {
            organizations.delete(in(owner), team);

            assertEquals(List.of(team), deleted);
            assertNull(fx.organizations.organization(team));
            for (String table : List.of("members", "api_keys", "invitations", "audit_log", "idempotency_keys")) {
                assertEquals(0L, fx.count("SELECT count(*) FROM " + table + " WHERE organization_id = '" + team + "'"),
                        table);
            }
            assertEquals(Optional.of(Role.OWNER), fx.members.roleOf(owner.organization().id(), owner.user().id()),
                    "other organizations stay");
            assertEquals(member.user().id(), fx.accounts.user(member.user().id()).id(), "users stay");
        }

        @Test
        void aParticipantThatFailsAbortsTheDeletion() {
            organizations.addParticipant(new OrganizationDeletionParticipant() {
                @Override
                public String name() {
                    return "failing";
                }

                @Override
                public void deleteOrganizationData(Transaction tx, UUID organizationId) throws Exception {
                    throw new Exception("storage offline");
                }
            });
            Map<String, Long> before = fx.rowCounts();

            assertThrows(RuntimeException.class, () -> organizations.delete(in(owner), team));

            assertEquals(List.of(team), deleted, "the first participant ran");
            assertEquals(before, fx.rowCounts(), "and its deletion was rolled back with everything else");
            assertNotNull(fx.organizations.organization(team));
        }

        @Test
        void onlyAnOwnerDeletes() {
            Map<String, Long> before = fx.rowCounts();

            assertProblem(403, "forbidden_role", () -> organizations.delete(in(admin), team));

            assertEquals(List.of(), deleted);
            assertEquals(before, fx.rowCounts());
        }

        @Test
        void aRemovedParticipantIsNotCalled() {
            organizations.removeParticipant(recorder);

            organizations.delete(in(owner), team);

            assertEquals(List.of(), deleted);
            assertNull(fx.organizations.organization(team));
        }
    }
}
