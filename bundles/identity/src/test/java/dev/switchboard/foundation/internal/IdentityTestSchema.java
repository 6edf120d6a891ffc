package dev.switchboard.foundation.internal;

import dev.switchboard.foundation.IdempotencyStore;
import dev.switchboard.foundation.UnitOfWork;
import java.time.Clock;
import javax.sql.DataSource;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Creates the foundation's and the identity bundle's tables with their real changelogs, through the
 * engine's own {@link LiquibaseRunner}, and builds the foundation services identity uses (package-private
 * constructors, hence this package).
 */
public final class IdentityTestSchema {

    static final String CHANGELOG = "db/changelog/identity/changelog.xml";

    private IdentityTestSchema() {
    }

    public static void apply(DataSource dataSource) throws Exception {
        FoundationSchema.apply(dataSource);
        new LiquibaseRunner(dataSource).update(
                new ClassLoaderResourceAccessor(IdentityTestSchema.class.getClassLoader()), CHANGELOG);
    }

    public static IdempotencyStore idempotencyStore(UnitOfWork unitOfWork) {
        return new PostgresIdempotencyStore(unitOfWork, Clock.systemUTC());
    }
}
