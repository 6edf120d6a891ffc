package dev.switchboard.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.foundation.IdempotencyStore;
import dev.switchboard.foundation.internal.IdentityTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.function.Executable;

/**
 * The identity services wired by hand, as Declarative Services wires them, on one test class's database.
 * Emails and names are unique per call, so that tests of one class can share the database.
 */
final class IdentityFixture {

    static final String PASSWORD = "correct horse battery staple";
    private static final SecureRandom RANDOM = new SecureRandom();

    final TestDatabase db;
    final Map<String, Object> config;
    final IdentityStore store;
    final IdempotencyStore idempotencyKeys;
    final IdentityMail mail = new IdentityMail(); // no SMTP server: invitation links go back to the inviter
    final AuditLogService audit;
    final AccountService accounts;
    final OrganizationService organizations;
    final InvitationService invitations;
    final ApiKeyService apiKeys;
    final SessionTokenService sessionTokens;
    final MembersService members;
    final Authenticator authenticator;

    IdentityFixture(TestDatabase db) {
        this(db, Map.of());
    }

    /** {@code config} are properties of pid dev.switchboard.identity; an initial owner keeps bootstrap quiet. */
    IdentityFixture(TestDatabase db, Map<String, Object> config) {
        this.db = db;
        Map<String, Object> properties = new HashMap<>();
        properties.put("initialOwner.email", unique("initial-owner") + "@example.com");
        properties.put("initialOwner.password", PASSWORD);
        properties.putAll(config);
        this.config = Map.copyOf(properties);
        UnitOfWorkService unitOfWork = new UnitOfWorkService(db.dataSource());
        this.store = new IdentityStore(unitOfWork);
        this.idempotencyKeys = IdentityTestSchema.idempotencyStore(unitOfWork);
        this.audit = new AuditLogService(store);
        this.accounts = new AccountService(store, mail, this.config);
        this.organizations = newOrganizationService();
        this.invitations = new InvitationService(store, audit, accounts, mail);
        this.apiKeys = new ApiKeyService(store, audit);
        this.sessionTokens = new SessionTokenService(store);
        this.members = new MembersService(store);
        this.authenticator = authenticator(Clock.systemUTC());
    }

    /** Another organization service on the same store, with participants of its own. */
    OrganizationService newOrganizationService() {
        return new OrganizationService(store, audit, idempotencyKeys);
    }

    /** An authenticator on the same configuration that reads time from {@code clock}. */
    Authenticator authenticator(Clock clock) {
        return new Authenticator(store, IdentityConfig.from(config),
                ServiceTokens.parse((String) config.get("serviceTokens")), clock);
    }

    static String unique(String prefix) {
        byte[] bytes = new byte[5];
        RANDOM.nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes);
    }

    static String uniqueEmail(String who) {
        return unique(who) + "@example.com";
    }

    /** A new account (with its personal organization), logged in. */
    AccountService.Login signUp(String who) {
        return accounts.signup(uniqueEmail(who), PASSWORD, unique(who));
    }

    /** The console caller of {@code login}, in its remembered organization. */
    Caller console(AccountService.Login login) {
        return authenticator.authenticate(null, login.sessionToken(), null).orElseThrow();
    }

    /** The console caller of {@code login}, in {@code organizationId} (the X-Switchboard-Org header). */
    Caller console(AccountService.Login login, UUID organizationId) {
        return authenticator.authenticate(null, login.sessionToken(), organizationId.toString()).orElseThrow();
    }

    /** A team organization owned by {@code owner}. */
    UUID teamOf(AccountService.Login owner) {
        return organizations.create(console(owner), unique("Team"), null).id();
    }

    /** A new account that is also a member of {@code organizationId} with {@code role}. */
    AccountService.Login joined(UUID organizationId, Role role, String who) {
        AccountService.Login login = signUp(who);
        store.unitOfWork().run(tx -> store.organizations(tx).insertMember(organizationId, login.user().id(),
                role.wireName()));
        return login;
    }

    long count(String sql) {
        return ((Number) db.queryValue(sql)).longValue();
    }

    /** Counts of every identity table, to show that a refused request changed nothing. */
    Map<String, Long> rowCounts() {
        Map<String, Long> counts = new HashMap<>();
        for (String table : new String[] {"users", "organizations", "members", "invitations", "api_keys",
                "user_sessions", "session_tokens", "setup_tokens", "audit_log", "idempotency_keys"}) {
            counts.put(table, count("SELECT count(*) FROM " + table));
        }
        return counts;
    }

    static ApiProblem assertProblem(int status, String code, Executable executable) {
        ApiProblem problem = assertThrows(ApiProblem.class, executable);
        assertEquals(code, problem.code(), () -> "code of: " + problem.getMessage());
        assertEquals(status, problem.status(), () -> "status of: " + problem.getMessage());
        return problem;
    }
}
