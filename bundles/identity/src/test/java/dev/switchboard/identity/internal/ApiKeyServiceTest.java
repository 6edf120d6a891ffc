package dev.switchboard.identity.internal;

import static dev.switchboard.identity.internal.IdentityFixture.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.IdentityTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiKeyServiceTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(IdentityTestSchema::apply);

    private static IdentityFixture fx;

    private UUID team;
    private Caller owner;
    private Caller admin;
    private Caller member;
    private Caller otherMember;

    @BeforeAll
    static void wire() {
        fx = new IdentityFixture(DB);
    }

    @BeforeEach
    void team() {
        AccountService.Login ownerLogin = fx.signUp("owner");
        team = fx.teamOf(ownerLogin);
        owner = fx.console(ownerLogin, team);
        admin = fx.console(fx.joined(team, Role.ADMIN, "admin"), team);
        member = fx.console(fx.joined(team, Role.MEMBER, "member"), team);
        otherMember = fx.console(fx.joined(team, Role.MEMBER, "other"), team);
    }

    private static Set<UUID> ids(PageRequest.Page<Views.ApiKeyView> page) {
        return page.items().stream().map(Views.ApiKeyView::id).collect(Collectors.toSet());
    }

    private static PageRequest firstPage() {
        return PageRequest.of(null, null);
    }

    /** Every column of the key's row, as text. */
    private static List<String> storedColumns(UUID id) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = DB.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT * FROM api_keys WHERE id = '" + id + "'")) {
            assertTrue(row.next());
            ResultSetMetaData columns = row.getMetaData();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                values.add(row.getString(i));
            }
        }
        return values;
    }

    @Test
    void theKeyIsShownOnceAndOnlyItsHashAndPrefixAreStored() throws Exception {
        Views.ApiKeyView created = fx.apiKeys.create(member, "  laptop ", null);

        String key = created.key();
        assertTrue(key.matches("sbk_[A-Za-z0-9_-]{43}"), key);
        assertEquals("laptop", created.name());
        assertEquals(key.substring(0, 12), created.prefix());
        assertEquals(member.userId(), created.userId());
        assertNull(created.expiresAt());
        String secretPart = key.substring(12);
        for (String column : storedColumns(created.id())) {
            assertTrue(column == null || !column.contains(secretPart), "a stored column holds the key: " + column);
        }
        assertEquals(Tokens.hash(key), DB.queryValue("SELECT key_hash FROM api_keys WHERE id = '" + created.id() + "'"));
        assertNull(fx.apiKeys.list(member, firstPage()).items().get(0).key(), "listed without the key");
    }

    @Test
    void membersListTheirOwnKeysAndAdminsEveryKey() {
        UUID mine = fx.apiKeys.create(member, "mine", null).id();
        UUID theirs = fx.apiKeys.create(otherMember, "theirs", null).id();
        UUID admins = fx.apiKeys.create(admin, "admins", null).id();
        fx.apiKeys.create(fx.console(fx.signUp("stranger")), "elsewhere", null);

        assertEquals(Set.of(mine), ids(fx.apiKeys.list(member, firstPage())));
        assertEquals(Set.of(mine, theirs, admins), ids(fx.apiKeys.list(admin, firstPage())));
        assertEquals(Set.of(mine, theirs, admins), ids(fx.apiKeys.list(owner, firstPage())));
    }

    @Test
    void theListIsPagedWithACursor() {
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(fx.apiKeys.create(admin, "key " + i, null).id());
        }

        List<UUID> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            PageRequest.Page<Views.ApiKeyView> page = fx.apiKeys.list(admin, PageRequest.of("2", cursor));
            assertTrue(page.items().size() <= 2);
            page.items().forEach(key -> listed.add(key.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertEquals(created.stream().sorted().toList(), listed);
        assertEquals(3, pages);
    }

    @Test
    void aMemberRevokesTheirOwnKey() {
        Views.ApiKeyView key = fx.apiKeys.create(member, "mine", null);

        fx.apiKeys.revoke(member, key.id());

        assertNotNull(fx.apiKeys.list(member, firstPage()).items().get(0).revokedAt());
        assertProblem(401, "invalid_credentials", () -> fx.authenticator.authenticate(key.key(), null, null));
        fx.apiKeys.revoke(member, key.id()); // again: nothing to do, nothing audited twice
        assertEquals(1L, fx.count("SELECT count(*) FROM audit_log WHERE action = 'api_key.revoked' AND target_id = '"
                + key.id() + "'"));
    }

    @Test
    void aMemberCannotRevokeSomeoneElsesKeyButAnAdminCan() {
        Views.ApiKeyView theirs = fx.apiKeys.create(otherMember, "theirs", null);

        assertProblem(404, "api_key_not_found", () -> fx.apiKeys.revoke(member, theirs.id()));
        assertEquals(otherMember.userId(), fx.authenticator.authenticate(theirs.key(), null, null).orElseThrow().userId());

        fx.apiKeys.revoke(admin, theirs.id());
        assertProblem(401, "invalid_credentials", () -> fx.authenticator.authenticate(theirs.key(), null, null));
    }

    @Test
    void aKeyOfAnotherOrganizationIsNotFound() {
        Caller stranger = fx.console(fx.signUp("stranger"));
        Views.ApiKeyView foreign = fx.apiKeys.create(stranger, "foreign", null);

        assertProblem(404, "api_key_not_found", () -> fx.apiKeys.revoke(owner, foreign.id()));
        assertProblem(404, "api_key_not_found", () -> fx.apiKeys.revoke(owner, UUID.randomUUID()));

        assertEquals(stranger.userId(), fx.authenticator.authenticate(foreign.key(), null, null).orElseThrow().userId());
    }

    @Test
    void anExpiryMustBeAFutureIsoInstant() {
        Map<String, Long> before = fx.rowCounts();

        assertProblem(400, "invalid_expiry", () -> fx.apiKeys.create(member, "old",
                Instant.now().minus(1, ChronoUnit.MINUTES).toString()));
        assertProblem(400, "invalid_expiry", () -> fx.apiKeys.create(member, "garbled", "next tuesday"));
        assertProblem(400, "invalid_name", () -> fx.apiKeys.create(member, " ", null));

        assertEquals(before, fx.rowCounts());
        Instant expiry = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        assertEquals(expiry.toString(), fx.apiKeys.create(member, "monthly", expiry.toString()).expiresAt());
    }

    @Test
    void servicesAndCallersWithoutOrganizationGetNoKey() {
        Caller service = new Caller(Caller.Kind.SERVICE_TOKEN, null, team, Role.ADMIN, null, null, null, false);
        Caller homeless = new Caller(Caller.Kind.CONSOLE_SESSION, member.userId(), null, null, null, null, null, false);
        Map<String, Long> before = fx.rowCounts();

        assertProblem(403, "user_required", () -> fx.apiKeys.create(service, "svc", null));
        assertProblem(403, "organization_required", () -> fx.apiKeys.create(homeless, "none", null));

        assertEquals(before, fx.rowCounts());
    }
}
