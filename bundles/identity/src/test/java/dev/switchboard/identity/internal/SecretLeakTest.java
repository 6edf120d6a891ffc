package dev.switchboard.identity.internal;

import dev.switchboard.foundation.testing.CapturedLog;
import static dev.switchboard.identity.internal.IdentityFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.foundation.internal.IdentityTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Plants passwords, API keys, console session tokens, agent session tokens and invitation tokens through
 * a whole identity flow, then looks for them wherever they must never appear: the JSON of every view,
 * problem messages and bodies, the log, and the audit trail.
 */
class SecretLeakTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(IdentityTestSchema::apply);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER_PASSWORD = "owner-Pa55word-" + UUID.randomUUID();
    private static final String INVITEE_PASSWORD = "invitee-Pa55word-" + UUID.randomUUID();
    private static final String SERVICE_TOKEN = Tokens.generate("svc_");

    private static IdentityFixture fx;
    private static CapturedLog log;
    private static final List<String> secrets = new ArrayList<>();
    private static final List<Object> views = new ArrayList<>();
    private static final List<ApiProblem> problems = new ArrayList<>();
    private static Views.ApiKeyView createdKey;
    private static Caller owner;

    @BeforeAll
    static void flow() throws Exception {
        log = new CapturedLog();
        fx = new IdentityFixture(DB, Map.of("serviceTokens", "deployer:" + Tokens.hash(SERVICE_TOKEN)));
        secrets.add(OWNER_PASSWORD);
        secrets.add(INVITEE_PASSWORD);
        secrets.add(SERVICE_TOKEN);
        secrets.add(IdentityFixture.PASSWORD); // the configured initial owner's

        String ownerEmail = uniqueEmail("owner");
        AccountService.Login signup = fx.accounts.signup(ownerEmail, OWNER_PASSWORD, "Owner");
        AccountService.Login login = fx.accounts.login(ownerEmail, OWNER_PASSWORD);
        secrets.add(signup.sessionToken());
        secrets.add(login.sessionToken());
        secrets.add(passwordHash(signup.user().id()));
        owner = fx.console(login);
        UUID organization = owner.organizationId();

        createdKey = fx.apiKeys.create(owner, "ci", null);
        secrets.add(createdKey.key());
        Caller viaKey = fx.authenticator.authenticate(createdKey.key(), null, null).orElseThrow();

        String sessionToken = fx.sessionTokens.issue(organization, UUID.randomUUID(), owner.userId());
        secrets.add(sessionToken);
        Caller agent = fx.authenticator.authenticate(sessionToken, null, null).orElseThrow();

        String inviteeEmail = uniqueEmail("invitee");
        InvitationService.Created invitation = fx.invitations.invite(owner, inviteeEmail, "member");
        String invitationToken = invitation.link().substring(invitation.link().indexOf("token=") + 6);
        secrets.add(invitationToken);
        AccountService.Login invitee = fx.invitations.accept(Optional.empty(), invitationToken, "Invitee",
                INVITEE_PASSWORD).orElseThrow();
        secrets.add(invitee.sessionToken());
        fx.organizations.changeRole(owner, invitee.user().id(), Role.ADMIN);
        fx.apiKeys.revoke(owner, createdKey.id());

        AuthResource auth = new AuthResource(fx.accounts, fx.organizations);
        for (Caller caller : List.of(owner, viaKey, agent)) {
            views.add(auth.me(new AuthFilter.CallerSecurityContext(caller, null)));
        }
        Response loginResponse = auth.login(new AuthResource.LoginRequest(ownerEmail, OWNER_PASSWORD));
        secrets.add(sessionCookie(loginResponse));
        views.add(loginResponse.getEntity());
        Response signupResponse = auth.signup(new AuthResource.SignupRequest(uniqueEmail("third"), OWNER_PASSWORD,
                "Third"));
        secrets.add(sessionCookie(signupResponse));
        views.add(signupResponse.getEntity());
        views.add(Views.UserView.of(fx.accounts.user(invitee.user().id())));
        fx.organizations.membershipsOf(owner.userId()).forEach(m -> views.add(Views.OrganizationView.of(m)));
        fx.organizations.members(owner).forEach(m -> views.add(Views.MemberView.of(m)));
        views.add(fx.apiKeys.list(owner, PageRequest.of(null, null)));
        fx.invitations.list(owner, null, PageRequest.of(null, null)).items()
                .forEach(i -> views.add(Views.InvitationView.of(i, null, null)));
        views.add(new AuditLogResource(fx.store).list(new AuthFilter.CallerSecurityContext(owner, null), null, null));

        problems.add(assertThrows(ApiProblem.class, () -> fx.accounts.login(ownerEmail, INVITEE_PASSWORD)));
        problems.add(assertThrows(ApiProblem.class, () -> fx.accounts.login(OWNER_PASSWORD, OWNER_PASSWORD)));
        problems.add(assertThrows(ApiProblem.class, () -> fx.accounts.signup(OWNER_PASSWORD, OWNER_PASSWORD, "X")));
        problems.add(assertThrows(ApiProblem.class, () -> fx.accounts.signup(uniqueEmail("y"), "short", "Y")));
        problems.add(assertThrows(ApiProblem.class, () -> fx.authenticator.authenticate(createdKey.key(), null, null)));
        problems.add(assertThrows(ApiProblem.class,
                () -> fx.authenticator.authenticate(SERVICE_TOKEN + "x", null, null)));
        problems.add(assertThrows(ApiProblem.class,
                () -> fx.authenticator.authenticate(sessionToken, null, UUID.randomUUID().toString())));
        problems.add(assertThrows(ApiProblem.class,
                () -> fx.authenticator.authenticate(null, login.sessionToken(), sessionToken)));
        problems.add(assertThrows(ApiProblem.class, () -> fx.accounts.setup(invitationToken, uniqueEmail("z"),
                OWNER_PASSWORD, "Z")));
        problems.add(assertThrows(ApiProblem.class, () -> fx.invitations.accept(Optional.empty(), invitationToken,
                "Again", INVITEE_PASSWORD)));
        problems.add(assertThrows(ApiProblem.class, () -> fx.apiKeys.create(owner, "k", OWNER_PASSWORD)));
        problems.add(assertThrows(ApiProblem.class, () -> fx.invitations.invite(owner, OWNER_PASSWORD, "member")));
    }

    @AfterAll
    static void stopCapturing() {
        log.close();
    }

    private static String passwordHash(UUID userId) {
        return (String) DB.queryValue("SELECT password_hash FROM users WHERE id = '" + userId + "'");
    }

    private static String sessionCookie(Response response) {
        String cookie = response.getHeaderString(HttpHeaders.SET_COOKIE);
        assertTrue(cookie.startsWith(AuthFilter.SESSION_COOKIE + "=sbc_"), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        return cookie.substring(AuthFilter.SESSION_COOKIE.length() + 1, cookie.indexOf(';'));
    }

    private static void assertNoSecretIn(String where, String text) {
        for (String secret : secrets) {
            assertFalse(text.contains(secret), () -> where + " contains a secret: " + text);
        }
    }

    @Test
    void noViewSerializesASecret() throws Exception {
        for (Object view : views) {
            String json = JSON.writeValueAsString(view);
            assertNoSecretIn(view.getClass().getSimpleName(), json);
            assertFalse(json.contains("password"), json);
            assertFalse(json.contains("$argon2id$"), json);
        }
    }

    @Test
    void aNewApiKeyIsShownOnceAndOnlyThere() throws Exception {
        String json = JSON.writeValueAsString(createdKey);

        assertTrue(json.contains("\"key\":\"" + createdKey.key() + "\""), json);
        String listed = JSON.writeValueAsString(fx.apiKeys.list(owner, PageRequest.of(null, null)));
        assertTrue(listed.contains(createdKey.id().toString()), listed);
        assertFalse(listed.contains("\"key\""), listed);
    }

    @Test
    void noProblemEchoesASecret() throws Exception {
        for (ApiProblem problem : problems) {
            assertNoSecretIn(problem.code(), problem.getMessage());
            assertNoSecretIn(problem.code(), JSON.writeValueAsString(problem.toResponse().getEntity()));
        }
    }

    @Test
    void theLogHoldsNoSecret() {
        String text = log.text();

        assertNoSecretIn("the log", text);
    }

    @Test
    void theAuditTrailHoldsNoSecret() {
        String everything = (String) DB.queryValue("SELECT string_agg(a::text, E'\\n') FROM audit_log a");

        assertTrue(everything.contains("api_key.revoked") && everything.contains("invitation.accepted"), everything);
        assertNoSecretIn("audit_log", everything);
    }

    @Test
    void noTableStoresAPlainCredential() {
        for (String table : List.of("users", "user_sessions", "api_keys", "session_tokens", "invitations",
                "setup_tokens", "audit_log")) {
            String rows = (String) DB.queryValue("SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM " + table + " t");
            secrets.stream().filter(secret -> !secret.startsWith("$argon2id$")).forEach(secret ->
                    assertFalse(rows.contains(secret), () -> table + " stores a plain secret"));
        }
    }
}
