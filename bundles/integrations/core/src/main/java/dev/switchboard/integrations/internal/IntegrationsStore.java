package dev.switchboard.integrations.internal;

import dev.switchboard.foundation.MapperSet;
import dev.switchboard.foundation.SchemaReady;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.UnitOfWork;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The integrations bundle's mappers on the engine's unit of work; available once its schema is. */
@Component(service = IntegrationsStore.class)
public class IntegrationsStore {

    static final String MODULE = "integrations";

    private final UnitOfWork unitOfWork;
    private final MapperSet mappers;

    @Activate
    public IntegrationsStore(@Reference UnitOfWork unitOfWork,
                             @Reference(target = "(" + SchemaReady.MODULE_PROPERTY + "=" + MODULE + ")") SchemaReady schema) {
        this(unitOfWork);
    }

    IntegrationsStore(UnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
        this.mappers = unitOfWork.mappers(IntegrationMapper.class, OAuthStateMapper.class, OAuthAppMapper.class);
    }

    UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    IntegrationMapper integrations(Transaction tx) {
        return tx.mapper(mappers, IntegrationMapper.class);
    }

    OAuthStateMapper states(Transaction tx) {
        return tx.mapper(mappers, OAuthStateMapper.class);
    }

    OAuthAppMapper apps(Transaction tx) {
        return tx.mapper(mappers, OAuthAppMapper.class);
    }
}
