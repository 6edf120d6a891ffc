package dev.switchboard.actions.internal;

import dev.switchboard.foundation.MapperSet;
import dev.switchboard.foundation.SchemaReady;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.UnitOfWork;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The actions bundle's mappers on the engine's unit of work; available once its schema is. */
@Component(service = ActionsStore.class)
public class ActionsStore {

    private final UnitOfWork unitOfWork;
    private final MapperSet mappers;

    @Activate
    public ActionsStore(@Reference UnitOfWork unitOfWork,
                        @Reference(target = "(" + SchemaReady.MODULE_PROPERTY + "=actions)") SchemaReady schema) {
        this(unitOfWork);
    }

    ActionsStore(UnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
        this.mappers = unitOfWork.mappers(InvocationMapper.class, GrantMapper.class, RateMapper.class,
                EventMapper.class, PendingParamsMapper.class);
    }

    UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    InvocationMapper invocations(Transaction tx) {
        return tx.mapper(mappers, InvocationMapper.class);
    }

    GrantMapper grants(Transaction tx) {
        return tx.mapper(mappers, GrantMapper.class);
    }

    RateMapper rates(Transaction tx) {
        return tx.mapper(mappers, RateMapper.class);
    }

    PendingParamsMapper pendingParams(Transaction tx) {
        return tx.mapper(mappers, PendingParamsMapper.class);
    }

    EventMapper events(Transaction tx) {
        return tx.mapper(mappers, EventMapper.class);
    }
}
