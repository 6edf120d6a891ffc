package dev.switchboard.identity.internal;

import dev.switchboard.foundation.testing.CapturedLog;
import static dev.switchboard.identity.internal.IdentityFixture.PASSWORD;
import static dev.switchboard.identity.internal.IdentityFixture.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.InvalidConfigurationException;
import dev.switchboard.foundation.internal.IdentityTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.Role;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The first owner of an empty installation: from configuration, or through the one-time setup token. */
class BootstrapTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(IdentityTestSchema::apply);

    private static final Pattern SETUP_TOKEN = Pattern.compile("sbsetup_[A-Za-z0-9_-]{43}");

    private static IdentityStore store;

    @BeforeAll
    static void wire() {
        store = new IdentityStore(new UnitOfWorkService(DB.dataSource()));
    }

    @BeforeEach
    void emptyInstallation() {
        DB.execute("TRUNCATE users, organizations, setup_tokens, audit_log CASCADE");
    }

    /** The service as DS activates it, which bootstraps an empty installation. */
    private static AccountService activate(Map<String, Object> config) {
        return new AccountService(store, new IdentityMail(), config);
    }

    private static long count(String sql) {
        return ((Number) DB.queryValue(sql)).longValue();
    }

    @Test
    void theInitialOwnerComesFromConfiguration() {
        AccountService accounts = activate(Map.of(
                "initialOwner.email", "Root@Example.com", "initialOwner.password", PASSWORD));

        Rows.User owner = store.unitOfWork().inTransaction(tx -> store.accounts(tx).userByEmail("root@example.com"));
        assertEquals("root@example.com", owner.email());
        assertEquals(1L, count("SELECT count(*) FROM members WHERE role = 'owner' AND user_id = '" + owner.id() + "'"));
        assertEquals(0L, count("SELECT count(*) FROM setup_tokens"), "no setup token when configured");
        AccountService.Login login = accounts.login("root@example.com", PASSWORD);
        assertEquals(owner.id(), login.user().id());
        assertEquals(Role.OWNER, new MembersService(store).roleOf(login.organization().id(), owner.id()).orElseThrow());
    }

    @Test
    void anInvalidInitialOwnerIsAConfigurationErrorThatDoesNotEchoThePassword() {
        String shortPassword = "sh0rt!";

        InvalidConfigurationException error = assertThrows(InvalidConfigurationException.class,
                () -> activate(Map.of("initialOwner.email", "root@example.com",
                        "initialOwner.password", shortPassword)));

        assertTrue(error.getMessage().contains("initialOwner"), error.getMessage());
        assertFalse(error.getMessage().contains(shortPassword), error.getMessage());
        assertEquals(0L, count("SELECT count(*) FROM users"));
    }

    @Test
    void bootstrapRunsOnlyOnAnEmptyInstallation() {
        activate(Map.of("initialOwner.email", "first@example.com", "initialOwner.password", PASSWORD));

        activate(Map.of("initialOwner.email", "second@example.com", "initialOwner.password", PASSWORD));
        activate(Map.of());

        assertEquals(1L, count("SELECT count(*) FROM users"));
        assertEquals(0L, count("SELECT count(*) FROM setup_tokens"));
    }

    @Test
    void withoutConfigurationAOneTimeSetupTokenIsPrintedAndStoredHashed() {
        String log;
        try (CapturedLog captured = new CapturedLog()) {
            activate(Map.of());
            log = captured.text();
        }

        Matcher matcher = SETUP_TOKEN.matcher(log);
        assertTrue(matcher.find(), log);
        String token = matcher.group();
        assertEquals(1L, count("SELECT count(*) FROM setup_tokens WHERE used_at IS NULL"));
        assertEquals(1L, count("SELECT count(*) FROM setup_tokens WHERE token_hash = '" + Tokens.hash(token) + "'"));
        assertTrue(log.contains("/api/v1/auth/setup {\"token\":\"" + token + "\","), "a body to copy: " + log);
    }

    @Test
    void setupWorksWithThePrintedTokenOnceAndNotTwice() {
        String token;
        AccountService accounts;
        try (CapturedLog captured = new CapturedLog()) {
            accounts = activate(Map.of());
            Matcher matcher = SETUP_TOKEN.matcher(captured.text());
            assertTrue(matcher.find());
            token = matcher.group();
        }
        String wrong = Tokens.generate(Tokens.SETUP);

        assertProblem(403, "invalid_setup_token", () -> accounts.setup(wrong, "owner@example.com", PASSWORD, "Owner"));
        assertEquals(0L, count("SELECT count(*) FROM users"));

        AccountService.Login login = accounts.setup(" " + token + " ", "owner@example.com", PASSWORD, "Owner");
        assertEquals("owner@example.com", login.user().email());
        assertEquals(Role.OWNER, new MembersService(store).roleOf(login.organization().id(), login.user().id())
                .orElseThrow());

        assertProblem(403, "invalid_setup_token", () -> accounts.setup(token, "again@example.com", PASSWORD, "Again"));
        assertEquals(1L, count("SELECT count(*) FROM users"));
    }

    @Test
    void setupIsRefusedOnceSomeoneHasSignedUpAndTheTokenStaysUnused() {
        AccountService accounts;
        String token;
        try (CapturedLog captured = new CapturedLog()) {
            accounts = activate(Map.of());
            Matcher matcher = SETUP_TOKEN.matcher(captured.text());
            assertTrue(matcher.find());
            token = matcher.group();
        }
        accounts.signup("early@example.com", PASSWORD, "Early");

        assertProblem(403, "invalid_setup_token", () -> accounts.setup(token, "owner@example.com", PASSWORD, "Owner"));

        assertEquals(1L, count("SELECT count(*) FROM users"));
        assertEquals(1L, count("SELECT count(*) FROM setup_tokens WHERE used_at IS NULL"), "rolled back");
    }

    @Test
    void setupValidatesItsInputBeforeTheToken() {
        AccountService accounts = activate(Map.of());

        assertProblem(400, "invalid_setup_token", () -> accounts.setup("  ", "owner@example.com", PASSWORD, "Owner"));
        assertProblem(400, "invalid_password", () -> accounts.setup("sbsetup_x", "owner@example.com", "short", "O"));
        assertProblem(400, "invalid_email", () -> accounts.setup("sbsetup_x", "owner", PASSWORD, "Owner"));
        assertEquals(1L, count("SELECT count(*) FROM setup_tokens WHERE used_at IS NULL"));
    }
}
