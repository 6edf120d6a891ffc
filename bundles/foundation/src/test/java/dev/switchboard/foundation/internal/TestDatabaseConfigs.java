package dev.switchboard.foundation.internal;

import com.zaxxer.hikari.HikariConfig;

/** Pool shapes the tests use to make leaks visible. */
final class TestDatabaseConfigs {

    private TestDatabaseConfigs() {
    }

    /** One connection and a short wait: a connection that is never returned makes the next caller fail. */
    static void singleConnection(HikariConfig config) {
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(1_000);
    }
}
