package dev.switchboard.foundation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.foundation.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LiquibaseRunnerTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create();

    @Test
    void theFoundationChangelogCreatesItsTableAndCanRunAgain() throws Exception {
        FoundationSchema.apply(DB.dataSource());
        DB.execute("INSERT INTO idempotency_keys (organization_id, idempotency_key, request_hash, state, expires_at)"
                + " VALUES (gen_random_uuid(), 'k', 'h', 'in_progress', now() + interval '1 hour')");

        FoundationSchema.apply(DB.dataSource());

        assertEquals(1L, DB.queryValue("SELECT count(*) FROM databasechangelog"
                + " WHERE id = 'foundation-1-idempotency-keys' AND filename = 'switchboard/foundation/changelog.xml'"));
        assertEquals(1L, DB.queryValue("SELECT count(*) FROM idempotency_keys"), "the second run keeps the data");
        assertEquals(Boolean.FALSE, DB.queryValue("SELECT locked FROM databasechangeloglock"),
                "the lock is released after each run");
    }
}
