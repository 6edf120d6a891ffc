package dev.switchboard.identity.internal;

import static dev.switchboard.identity.internal.IdentityFixture.PASSWORD;
import static dev.switchboard.identity.internal.IdentityFixture.assertProblem;
import static dev.switchboard.identity.internal.IdentityFixture.unique;
import static dev.switchboard.identity.internal.IdentityFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.IdentityTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccountServiceTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(IdentityTestSchema::apply);

    private static IdentityFixture fx;

    @BeforeAll
    static void wire() {
        fx = new IdentityFixture(DB);
    }

    @Test
    void signupCreatesTheUserAPersonalOrganizationTheyOwnAndASession() {
        String email = uniqueEmail("alice");
        String name = unique("Alice");

        AccountService.Login login = fx.accounts.signup(email.toUpperCase(), PASSWORD, "  " + name + " ");

        assertEquals(email, login.user().email(), "stored lower-case");
        assertEquals(name, login.user().name(), "stored trimmed");
        String hash = (String) DB.queryValue("SELECT password_hash FROM users WHERE id = '" + login.user().id() + "'");
        assertTrue(hash.startsWith("$argon2id$"), hash);
        assertTrue(login.organization().isPersonal());
        assertEquals(name + "'s Workspace", login.organization().name());
        assertEquals(Inputs.slugFrom(name + "'s Workspace"), login.organization().slug());
        assertEquals("owner", DB.queryValue("SELECT role FROM members WHERE organization_id = '"
                + login.organization().id() + "' AND user_id = '" + login.user().id() + "'"));
        assertTrue(login.sessionToken().startsWith(Tokens.CONSOLE_SESSION));
        assertEquals(login.organization().id(), DB.queryValue("SELECT active_organization_id FROM user_sessions"
                + " WHERE token_hash = '" + Tokens.hash(login.sessionToken()) + "'"));
        Instant week = Instant.now().plus(Duration.ofDays(7));
        assertTrue(Duration.between(login.expiresAt(), week).abs().toMinutes() < 1, "seven-day session");

        Caller caller = fx.console(login);
        assertEquals(login.user().id(), caller.userId());
        assertEquals(login.organization().id(), caller.organizationId());
        assertEquals(Role.OWNER, caller.role());
    }

    @Test
    void theSessionTokenIsStoredOnlyAsItsHash() {
        AccountService.Login login = fx.signUp("hashed");

        assertEquals(0L, fx.count("SELECT count(*) FROM user_sessions s WHERE s::text LIKE '%"
                + login.sessionToken() + "%'"));
        assertEquals(1L, fx.count("SELECT count(*) FROM user_sessions WHERE token_hash = '"
                + Tokens.hash(login.sessionToken()) + "'"));
    }

    @Test
    void aTakenEmailInAnyCaseIs409AndCreatesNothing() {
        String email = uniqueEmail("taken");
        fx.accounts.signup(email, PASSWORD, "First");
        Map<String, Long> before = fx.rowCounts();

        assertProblem(409, "email_taken", () -> fx.accounts.signup("  " + email.toUpperCase() + " ", PASSWORD, "Second"));

        assertEquals(before, fx.rowCounts());
        assertEquals(0L, fx.count("SELECT count(*) FROM organizations WHERE name = 'Second''s Workspace'"));
    }

    @Test
    void aTakenDerivedSlugGetsASuffixAndTheUserStillGetsAnOrganization() {
        String name = unique("Slugged");
        String base = Inputs.slugFrom(name + "'s Workspace");
        DB.execute("INSERT INTO organizations (id, name, slug) VALUES (gen_random_uuid(), 'squatter', '" + base + "')");

        AccountService.Login login = fx.accounts.signup(uniqueEmail("slugged"), PASSWORD, name);

        assertNotEquals(base, login.organization().slug());
        assertTrue(login.organization().slug().matches(base + "-[0-9a-f]{6}"), login.organization().slug());
        assertEquals(Role.OWNER, fx.members.roleOf(login.organization().id(), login.user().id()).orElseThrow());
    }

    static Stream<Arguments> invalidSignups() {
        return Stream.of(
                Arguments.of("not-an-email", PASSWORD, "Name", "invalid_email", "email"),
                Arguments.of(null, PASSWORD, "Name", "invalid_email", "email"),
                Arguments.of("two@@example.com", PASSWORD, "Name", "invalid_email", "email"),
                Arguments.of("short@example.com", "123456789", "Name", "invalid_password", "password"),
                Arguments.of("long@example.com", "x".repeat(201), "Name", "invalid_password", "password"),
                Arguments.of("nullpw@example.com", null, "Name", "invalid_password", "password"),
                Arguments.of("blank@example.com", PASSWORD, "   ", "invalid_name", "name"),
                Arguments.of("toolong@example.com", PASSWORD, "n".repeat(101), "invalid_name", "name"));
    }

    @ParameterizedTest
    @MethodSource("invalidSignups")
    void invalidSignupIs400WithTheFieldAndCreatesNothing(String email, String password, String name, String code,
                                                         String field) {
        Map<String, Long> before = fx.rowCounts();

        ApiProblem problem = assertProblem(400, code, () -> fx.accounts.signup(email, password, name));

        assertEquals(List.of(field), problem.errors().stream().map(ApiProblem.FieldError::field).toList());
        assertEquals(before, fx.rowCounts());
    }

    @Test
    void signupCanBeDisabled() {
        AccountService closed = new AccountService(fx.store, fx.mail, Map.of("signup.enabled", "false"));
        Map<String, Long> before = fx.rowCounts();

        assertProblem(403, "signup_disabled", () -> closed.signup(uniqueEmail("closed"), PASSWORD, "Closed"));

        assertEquals(before, fx.rowCounts());
    }

    @Test
    void loginWithTheRightPasswordOpensANewSession() {
        String email = uniqueEmail("login");
        AccountService.Login signup = fx.accounts.signup(email, PASSWORD, unique("Login"));

        AccountService.Login login = fx.accounts.login(" " + email.toUpperCase() + " ", PASSWORD);

        assertEquals(signup.user().id(), login.user().id());
        assertEquals(signup.organization().id(), login.organization().id(), "first membership becomes active");
        assertNotEquals(signup.sessionToken(), login.sessionToken());
        assertEquals(signup.user().id(), fx.console(login).userId());
        assertEquals(2L, fx.count("SELECT count(*) FROM user_sessions WHERE user_id = '" + signup.user().id() + "'"));
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        String email = uniqueEmail("guarded");
        AccountService.Login signup = fx.accounts.signup(email, PASSWORD, unique("Guarded"));

        ApiProblem wrongPassword = assertProblem(401, "invalid_login", () -> fx.accounts.login(email, PASSWORD + "!"));
        ApiProblem unknownEmail = assertProblem(401, "invalid_login",
                () -> fx.accounts.login(uniqueEmail("nobody"), PASSWORD));
        ApiProblem missing = assertProblem(401, "invalid_login", () -> fx.accounts.login(email, null));

        assertEquals(wrongPassword.getMessage(), unknownEmail.getMessage());
        assertEquals(wrongPassword.getMessage(), missing.getMessage());
        assertEquals(1L, fx.count("SELECT count(*) FROM user_sessions WHERE user_id = '" + signup.user().id() + "'"),
                "failed logins open no session");
    }

    @Test
    void logoutEndsTheSession() {
        AccountService.Login login = fx.signUp("logout");
        Caller caller = fx.console(login);

        fx.accounts.logout(caller.credentialId());

        assertProblem(401, "invalid_credentials", () -> fx.console(login));
    }

    @Test
    void aUserWithoutAPasswordCannotLogIn() {
        AccountService.Login login = fx.signUp("nopassword");
        DB.execute("UPDATE users SET password_hash = NULL WHERE id = '" + login.user().id() + "'");

        assertProblem(401, "invalid_login", () -> fx.accounts.login(login.user().email(), PASSWORD));
    }

    @Test
    void aGarbledStoredHashIsAFailedLoginNotAServerError() {
        AccountService.Login login = fx.signUp("garbled");
        DB.execute("UPDATE users SET password_hash = '$argon2id$v=19$m,t=2,p=1$c2FsdA$aGFzaA' WHERE id = '"
                + login.user().id() + "'");

        assertProblem(401, "invalid_login", () -> fx.accounts.login(login.user().email(), PASSWORD));
    }
}
