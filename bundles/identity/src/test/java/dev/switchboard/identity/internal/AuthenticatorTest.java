package dev.switchboard.identity.internal;

import static dev.switchboard.identity.internal.IdentityFixture.assertProblem;
import static dev.switchboard.identity.internal.IdentityFixture.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.IdentityTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthenticatorTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(IdentityTestSchema::apply);

    private static final String SERVICE_TOKEN = Tokens.generate("svc_");
    private static final String SUPER_ADMIN = IdentityFixture.uniqueEmail("root");

    private static IdentityFixture fx;

    private AccountService.Login owner;
    private UUID team;
    private AccountService.Login bob;

    @BeforeAll
    static void wire() {
        fx = new IdentityFixture(DB, Map.of("serviceTokens", "deployer:" + Tokens.hash(SERVICE_TOKEN),
                "superAdmins", "someone@example.com, " + SUPER_ADMIN.toUpperCase()));
        fx.accounts.signup(SUPER_ADMIN, IdentityFixture.PASSWORD, unique("Root"));
    }

    @BeforeEach
    void team() {
        owner = fx.signUp("owner");
        team = fx.teamOf(owner);
        bob = fx.joined(team, Role.ADMIN, "bob");
    }

    private Optional<Caller> authenticate(String bearer, String cookie, String organization) {
        return fx.authenticator.authenticate(bearer, cookie, organization);
    }

    @Test
    void noCredentialIsNoCaller() {
        assertEquals(Optional.empty(), authenticate(null, null, null));
        assertEquals(Optional.empty(), authenticate(" ", "", team.toString()));
    }

    @Test
    void anUnknownBearerIs401() {
        for (String bearer : List.of("sbk_unknown", "sbs_unknown", "sbc_unknown", "something-else")) {
            assertProblem(401, "invalid_credentials", () -> authenticate(bearer, null, null));
        }
        assertProblem(401, "invalid_credentials", () -> authenticate(null, "sbc_unknown", null));
    }

    @Test
    void aMalformedOrganizationHeaderIs400EvenWithAGoodCredential() {
        ApiProblem problem = assertProblem(400, "invalid_parameter",
                () -> authenticate(null, bob.sessionToken(), "not-a-uuid"));

        assertEquals("X-Switchboard-Org", problem.errors().get(0).field());
    }

    @Nested
    class ApiKeyCallers {

        private String key;
        private Caller bobInTeam;

        @BeforeEach
        void key() {
            bobInTeam = fx.console(bob, team);
            key = fx.apiKeys.create(bobInTeam, "ci", null).key();
        }

        @Test
        void anApiKeyIsItsUserInItsOrganizationWithTheMembersRole() {
            Caller caller = authenticate(" " + key + " ", null, null).orElseThrow();

            assertEquals(Caller.Kind.API_KEY, caller.kind());
            assertEquals(bob.user().id(), caller.userId());
            assertEquals(team, caller.organizationId());
            assertEquals(Role.ADMIN, caller.role());
            assertNull(caller.realUserId());
            assertFalse(caller.superAdmin());
            assertNotNull(DB.queryValue("SELECT last_used_at FROM api_keys WHERE id = '" + caller.credentialId() + "'"));
        }

        @Test
        void theKeyFollowsTheMembersCurrentRole() {
            fx.organizations.changeRole(fx.console(owner, team), bob.user().id(), Role.MEMBER);

            assertEquals(Role.MEMBER, authenticate(key, null, null).orElseThrow().role());
        }

        @Test
        void theHeaderMayNameTheKeysOwnOrganization() {
            assertEquals(team, authenticate(key, null, team.toString()).orElseThrow().organizationId());
        }

        @Test
        void aKeyIsBoundToItsOrganizationEvenWhereItsUserIsAMember() {
            UUID other = bob.organization().id(); // bob owns his personal organization

            ApiProblem member = assertProblem(403, "not_a_member", () -> authenticate(key, null, other.toString()));
            ApiProblem nowhere = assertProblem(403, "not_a_member",
                    () -> authenticate(key, null, UUID.randomUUID().toString()));

            assertEquals(member.getMessage(), nowhere.getMessage(), "no hint whether the organization exists");
        }

        @Test
        void aRevokedKeyIs401() {
            UUID id = authenticate(key, null, null).orElseThrow().credentialId();
            fx.apiKeys.revoke(bobInTeam, id);

            assertProblem(401, "invalid_credentials", () -> authenticate(key, null, null));
        }

        @Test
        void anExpiredKeyIs401() {
            String expiring = fx.apiKeys.create(bobInTeam, "short-lived",
                    Instant.now().plus(Duration.ofHours(1)).toString()).key();
            Authenticator later = fx.authenticator(Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));

            assertEquals(bob.user().id(), authenticate(expiring, null, null).orElseThrow().userId());
            assertProblem(401, "invalid_credentials", () -> later.authenticate(expiring, null, null));
            assertEquals(bob.user().id(), later.authenticate(key, null, null).orElseThrow().userId(),
                    "a key without expiry does not expire");
        }

        @Test
        void theKeyOfAUserRemovedFromTheOrganizationIs401() {
            fx.organizations.removeMember(fx.console(owner, team), bob.user().id());

            assertProblem(401, "invalid_credentials", () -> authenticate(key, null, null));
        }
    }

    @Nested
    class ConsoleSessions {

        @Test
        void theRememberedOrganizationIsActiveWithoutAHeader() {
            Caller caller = authenticate(null, bob.sessionToken(), null).orElseThrow();

            assertEquals(Caller.Kind.CONSOLE_SESSION, caller.kind());
            assertEquals(bob.organization().id(), caller.organizationId());
            assertEquals(Role.OWNER, caller.role());
        }

        @Test
        void theHeaderChoosesAnOrganizationOfTheUser() {
            Caller caller = authenticate(null, bob.sessionToken(), team.toString()).orElseThrow();

            assertEquals(team, caller.organizationId());
            assertEquals(Role.ADMIN, caller.role());
        }

        @Test
        void theSessionCookieIsAlsoAcceptedAsBearer() {
            Caller caller = authenticate(bob.sessionToken(), null, team.toString()).orElseThrow();

            assertEquals(Caller.Kind.CONSOLE_SESSION, caller.kind());
            assertEquals(bob.user().id(), caller.userId());
        }

        @Test
        void anotherOrganizationInTheHeaderIs403WhetherItExistsOrNot() {
            UUID ownersPersonal = owner.organization().id();

            ApiProblem foreign = assertProblem(403, "not_a_member",
                    () -> authenticate(null, bob.sessionToken(), ownersPersonal.toString()));
            ApiProblem missing = assertProblem(403, "not_a_member",
                    () -> authenticate(null, bob.sessionToken(), UUID.randomUUID().toString()));

            assertEquals(foreign.getMessage(), missing.getMessage());
        }

        @Test
        void aChosenOrganizationIsRemembered() {
            Caller caller = fx.console(bob);
            fx.accounts.setActiveOrganization(caller.credentialId(), team);

            assertEquals(team, fx.console(bob).organizationId());
        }

        @Test
        void aRememberedOrganizationTheUserLeftFallsBackToTheFirstMembership() {
            fx.accounts.setActiveOrganization(fx.console(bob).credentialId(), team);
            fx.organizations.removeMember(fx.console(bob, team), bob.user().id());

            Caller caller = fx.console(bob);

            assertEquals(bob.organization().id(), caller.organizationId());
            assertEquals(Role.OWNER, caller.role());
        }

        @Test
        void aUserWithoutMembershipsHasNoOrganizationAndNoRole() {
            DB.execute("DELETE FROM members WHERE user_id = '" + bob.user().id() + "'");

            Caller caller = fx.console(bob);

            assertEquals(bob.user().id(), caller.userId());
            assertNull(caller.organizationId());
            assertNull(caller.role());
        }

        @Test
        void anExpiredSessionIs401() {
            DB.execute("UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = '"
                    + Tokens.hash(bob.sessionToken()) + "'");

            assertProblem(401, "invalid_credentials", () -> authenticate(null, bob.sessionToken(), null));
        }

        @Test
        void aSessionInUseIsRefreshedOnceADay() {
            String hash = Tokens.hash(bob.sessionToken());
            DB.execute("UPDATE user_sessions SET refreshed_at = now() - interval '25 hours',"
                    + " expires_at = now() + interval '1 hour' WHERE token_hash = '" + hash + "'");

            fx.console(bob);

            assertEquals(1L, fx.count("SELECT count(*) FROM user_sessions WHERE token_hash = '" + hash + "'"
                    + " AND expires_at > now() + interval '6 days' AND refreshed_at > now() - interval '1 minute'"));
        }
    }

    @Nested
    class SessionTokenCallers {

        private final UUID session = UUID.randomUUID();

        @Test
        void aSessionTokenActsWithTheLeastRoleForItsSession() {
            String token = fx.sessionTokens.issue(team, session, bob.user().id());

            Caller caller = authenticate(token, null, null).orElseThrow();

            assertEquals(Caller.Kind.SESSION_TOKEN, caller.kind());
            assertEquals(bob.user().id(), caller.userId());
            assertEquals(team, caller.organizationId());
            assertEquals(Role.MEMBER, caller.role(), "bob is admin, his agent is not");
            assertEquals(session, caller.sessionId());
        }

        @Test
        void aSessionTokenIsBoundToItsOrganization() {
            String token = fx.sessionTokens.issue(team, session, bob.user().id());

            assertProblem(403, "not_a_member", () -> authenticate(token, null, bob.organization().id().toString()));
        }

        @Test
        void revokingIsScopedByOrganizationAndThenIs401() {
            String token = fx.sessionTokens.issue(team, session, bob.user().id());

            fx.sessionTokens.revokeAll(bob.organization().id(), session);
            assertEquals(session, authenticate(token, null, null).orElseThrow().sessionId(),
                    "another organization cannot revoke it");

            fx.sessionTokens.revokeAll(team, session);
            assertProblem(401, "invalid_credentials", () -> authenticate(token, null, null));
            fx.sessionTokens.revokeAll(team, session); // idempotent
        }

        @Test
        void onlyTheHashIsStored() {
            String token = fx.sessionTokens.issue(team, session, bob.user().id());

            assertEquals(0L, fx.count("SELECT count(*) FROM session_tokens t WHERE t::text LIKE '%" + token + "%'"));
        }
    }

    @Nested
    class ServiceTokenCallers {

        @Test
        void aConfiguredServiceTokenIsAnAdminOfTheOrganizationItNames() {
            Caller caller = authenticate(SERVICE_TOKEN, null, team.toString()).orElseThrow();

            assertEquals(Caller.Kind.SERVICE_TOKEN, caller.kind());
            assertNull(caller.userId());
            assertEquals(team, caller.organizationId());
            assertEquals(Role.ADMIN, caller.role());
        }

        @Test
        void withoutAnOrganizationItHasNoRole() {
            Caller caller = authenticate(SERVICE_TOKEN, null, null).orElseThrow();

            assertNull(caller.organizationId());
            assertNull(caller.role());
        }

        @Test
        void theConfiguredHashIsNotAToken() {
            assertProblem(401, "invalid_credentials", () -> authenticate(Tokens.hash(SERVICE_TOKEN), null, null));
            assertProblem(401, "invalid_credentials", () -> authenticate(SERVICE_TOKEN + "x", null, null));
        }
    }

    @Nested
    class Impersonation {

        private AccountService.Login admin;

        @BeforeEach
        void superAdmin() {
            admin = fx.accounts.login(SUPER_ADMIN, IdentityFixture.PASSWORD); // a session of its own
        }

        @Test
        void aSuperAdminActsAsTheMemberWithTheirRoleAndIsRecordedAsTheRealUser() {
            Caller root = fx.console(admin);
            assertTrue(root.superAdmin());

            fx.accounts.impersonate(root, bob.user().id(), team, fx.audit);
            Caller caller = fx.console(admin);

            assertEquals(bob.user().id(), caller.userId());
            assertEquals(admin.user().id(), caller.realUserId());
            assertEquals(team, caller.organizationId());
            assertEquals(Role.ADMIN, caller.role());
            assertTrue(caller.impersonating());
            assertEquals(1L, fx.count("SELECT count(*) FROM audit_log WHERE action = 'impersonation.started'"
                    + " AND organization_id = '" + team + "' AND actor_user_id = '" + bob.user().id() + "'"
                    + " AND real_user_id = '" + admin.user().id() + "'"));
        }

        @Test
        void impersonationEndsAfter24Hours() {
            fx.accounts.impersonate(fx.console(admin), bob.user().id(), team, fx.audit);

            Caller in23Hours = fx.authenticator(Clock.offset(Clock.systemUTC(), Duration.ofHours(23)))
                    .authenticate(null, admin.sessionToken(), null).orElseThrow();
            Caller in25Hours = fx.authenticator(Clock.offset(Clock.systemUTC(), Duration.ofHours(25)))
                    .authenticate(null, admin.sessionToken(), null).orElseThrow();

            assertEquals(bob.user().id(), in23Hours.userId());
            assertEquals(admin.user().id(), in25Hours.userId());
            assertNull(in25Hours.realUserId());
        }

        @Test
        void stoppingReturnsToTheAdminsOwnIdentity() {
            fx.accounts.impersonate(fx.console(admin), bob.user().id(), team, fx.audit);

            fx.accounts.stopImpersonation(fx.console(admin), fx.audit);

            Caller caller = fx.console(admin);
            assertEquals(admin.user().id(), caller.userId());
            assertNull(caller.realUserId());
            assertEquals(1L, fx.count("SELECT count(*) FROM audit_log WHERE action = 'impersonation.stopped'"
                    + " AND organization_id = '" + team + "' AND real_user_id = '" + admin.user().id() + "'"));
        }

        @Test
        void onlySuperAdminsInTheConsoleMayImpersonate() {
            assertProblem(403, "super_admin_required",
                    () -> fx.accounts.impersonate(fx.console(owner), bob.user().id(), team, fx.audit));
            Caller apiKey = authenticate(fx.apiKeys.create(fx.console(admin), "k", null).key(), null, null).orElseThrow();
            assertTrue(apiKey.superAdmin());
            assertProblem(403, "super_admin_required",
                    () -> fx.accounts.impersonate(apiKey, bob.user().id(), team, fx.audit));
            assertEquals(0L, fx.count("SELECT count(*) FROM user_sessions WHERE impersonated_user_id IS NOT NULL"
                    + " AND token_hash IN ('" + Tokens.hash(owner.sessionToken()) + "', '"
                    + Tokens.hash(admin.sessionToken()) + "')"));
        }

        @Test
        void onlyMembersOfThatOrganizationCanBeImpersonated() {
            assertProblem(404, "member_not_found",
                    () -> fx.accounts.impersonate(fx.console(admin), bob.user().id(), owner.organization().id(),
                            fx.audit));
        }

        @Test
        void anAdminRemovedFromTheConfigurationNoLongerImpersonates() {
            fx.accounts.impersonate(fx.console(admin), bob.user().id(), team, fx.audit);
            Authenticator withoutSuperAdmins = new Authenticator(fx.store, IdentityConfig.from(Map.of()),
                    ServiceTokens.parse(null), Clock.systemUTC());

            Caller caller = withoutSuperAdmins.authenticate(null, admin.sessionToken(), null).orElseThrow();

            assertEquals(admin.user().id(), caller.userId());
            assertFalse(caller.superAdmin());
        }
    }
}
