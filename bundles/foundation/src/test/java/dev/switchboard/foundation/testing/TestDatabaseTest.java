package dev.switchboard.foundation.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestDatabaseTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create();

    @Test
    void givesAFreshDatabaseOfItsOwn() {
        assertTrue(DB.name().matches("sb_test_[0-9a-f]{16}"), DB.name());
        assertEquals(DB.name(), DB.queryValue("SELECT current_database()"));
    }

    @Test
    void treatsAnUnresolvedMavenPropertyAsUnset() {
        assertFalse(TestDatabase.isJdbcUrl("${env.SWITCHBOARD_DB_URL}"));
        assertFalse(TestDatabase.isJdbcUrl(""));
        assertFalse(TestDatabase.isJdbcUrl(null));
        assertTrue(TestDatabase.isJdbcUrl("jdbc:postgresql://db:5432/postgres"));
    }

    @Test
    void replacesOnlyTheDatabaseOfAUrl() {
        assertEquals("jdbc:postgresql://127.0.0.1:5432/sb_test_1",
                TestDatabase.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "sb_test_1"));
        assertEquals("jdbc:postgresql://db/sb_test_1?user=ci&password=x",
                TestDatabase.withDatabase("jdbc:postgresql://db/postgres?user=ci&password=x", "sb_test_1"));
        assertEquals("jdbc:postgresql://db:6543/sb_test_1",
                TestDatabase.withDatabase("jdbc:postgresql://db:6543", "sb_test_1"));
        assertThrows(IllegalArgumentException.class, () -> TestDatabase.withDatabase("jdbc:mysql://db/x", "y"));
    }
}
