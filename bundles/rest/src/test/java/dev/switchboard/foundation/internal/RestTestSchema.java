package dev.switchboard.foundation.internal;

import dev.switchboard.foundation.IdempotencyStore;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Creates the foundation's tables with its real changelog (through {@link FoundationSchema}) and
 * builds the foundation's {@link IdempotencyStore} on them (package-private constructors, hence this package).
 */
public final class RestTestSchema {

    private RestTestSchema() {
    }

    public static void apply(DataSource dataSource) throws Exception {
        FoundationSchema.apply(dataSource);
    }

    public static IdempotencyStore idempotencyStore(DataSource dataSource) {
        return new PostgresIdempotencyStore(new UnitOfWorkService(dataSource), Clock.systemUTC());
    }
}
