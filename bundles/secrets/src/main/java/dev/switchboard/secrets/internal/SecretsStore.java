package dev.switchboard.secrets.internal;

import dev.switchboard.foundation.MapperSet;
import dev.switchboard.foundation.SchemaReady;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.UnitOfWork;
import java.sql.SQLException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The secrets bundle's mappers on the shared unit of work, available once its tables exist. */
@Component(service = SecretsStore.class)
public class SecretsStore {

    static final String MODULE = "secrets";

    private final UnitOfWork unitOfWork;
    private final MapperSet mappers;

    @Activate
    public SecretsStore(@Reference UnitOfWork unitOfWork,
                        @Reference(target = "(" + SchemaReady.MODULE_PROPERTY + "=" + MODULE + ")") SchemaReady schema) {
        this(unitOfWork);
    }

    SecretsStore(UnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
        this.mappers = unitOfWork.mappers(SecretsMapper.class);
    }

    UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    /** This bundle's mapper on {@code tx}, which may belong to another bundle's unit of work. */
    SecretsMapper mapper(Transaction tx) {
        return tx.mapper(mappers, SecretsMapper.class);
    }

    <T> T inTransaction(java.util.function.Function<SecretsMapper, T> work) {
        return unitOfWork.inTransaction(tx -> work.apply(mapper(tx)));
    }

    /** Whether {@code failure} was caused by a unique constraint (SQLState 23505). */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
