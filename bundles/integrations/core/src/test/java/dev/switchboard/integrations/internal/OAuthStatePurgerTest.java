package dev.switchboard.integrations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.foundation.internal.IntegrationsTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The periodic purge of oauth_states: what it deletes, what it keeps, and that a dead database stops nothing. */
class OAuthStatePurgerTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(IntegrationsTestSchema::apply);

    final Fixtures.MutableClock clock = new Fixtures.MutableClock();
    UUID organizationId;

    @BeforeEach
    void setUp() {
        DB.execute("TRUNCATE integrations, oauth_states, organizations CASCADE");
        organizationId = UUID.randomUUID();
        DB.execute("INSERT INTO organizations (id, name, slug) VALUES ('" + organizationId + "', 'o', 'o-" + organizationId + "')");
    }

    private void state(String hash, Duration expiresIn, Duration usedAgo) {
        Instant now = clock.instant();
        DB.execute("INSERT INTO oauth_states (state_hash, organization_id, provider_adapter_id, expires_at, used_at, created_at)"
                + " VALUES ('" + hash + "', '" + organizationId + "', 'p', '" + now.plus(expiresIn) + "', "
                + (usedAgo == null ? "NULL" : "'" + now.minus(usedAgo) + "'") + ", '" + now + "')");
    }

    @SuppressWarnings("unchecked")
    private List<String> remaining() {
        List<String> hashes = new java.util.ArrayList<>();
        long count = ((Number) DB.queryValue("SELECT count(*) FROM oauth_states")).longValue();
        for (int i = 0; i < count; i++) {
            hashes.add((String) DB.queryValue("SELECT state_hash FROM oauth_states ORDER BY state_hash OFFSET " + i + " LIMIT 1"));
        }
        return hashes;
    }

    @Test
    void deletesStatesExpiredForADayAndStatesUsedAnHourAgo() {
        state("a-pending", Duration.ofMinutes(4), null);
        state("b-expired-recently", Duration.ofHours(-23), null);
        state("c-expired-long-ago", Duration.ofHours(-25), null);
        state("d-used-recently", Duration.ofMinutes(4), Duration.ofMinutes(10));
        state("e-used-long-ago", Duration.ofHours(-1).minusMinutes(5), Duration.ofMinutes(61));
        OAuthStatePurger purger = new OAuthStatePurger(new IntegrationsStore(new UnitOfWorkService(DB.dataSource())), clock);

        assertEquals(2, purger.purge());

        assertEquals(List.of("a-pending", "b-expired-recently", "d-used-recently"), remaining());
        assertEquals(0, purger.purge());
    }

    @Test
    void aRunWithoutTheDatabaseIsSkippedQuietly() {
        state("c-expired-long-ago", Duration.ofHours(-25), null);
        HikariDataSource closed = DB.newDataSource(config -> config.setInitializationFailTimeout(-1));
        closed.close();
        OAuthStatePurger purger = new OAuthStatePurger(new IntegrationsStore(new UnitOfWorkService(closed)), clock);

        assertEquals(0, purger.purge());
        assertEquals(1L, ((Number) DB.queryValue("SELECT count(*) FROM oauth_states")).longValue());
    }
}
