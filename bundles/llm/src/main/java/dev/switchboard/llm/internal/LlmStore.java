package dev.switchboard.llm.internal;

import dev.switchboard.foundation.MapperSet;
import dev.switchboard.foundation.SchemaReady;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.UnitOfWork;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The LLM bundle's mapper on the engine's unit of work, available once its table exists. */
@Component(service = LlmStore.class)
public class LlmStore {

    private final UnitOfWork unitOfWork;
    private final MapperSet mappers;

    @Activate
    public LlmStore(@Reference UnitOfWork unitOfWork,
                    @Reference(target = "(" + SchemaReady.MODULE_PROPERTY + "=" + LlmConstants.MODULE + ")")
                    SchemaReady schema) {
        this(unitOfWork);
    }

    LlmStore(UnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
        this.mappers = unitOfWork.mappers(LlmSettingsMapper.class);
    }

    UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    /** This bundle's mapper on {@code tx}, which may belong to another bundle's unit of work. */
    LlmSettingsMapper mapper(Transaction tx) {
        return tx.mapper(mappers, LlmSettingsMapper.class);
    }

    <T> T inTransaction(Function<LlmSettingsMapper, T> work) {
        return unitOfWork.inTransaction(tx -> work.apply(mapper(tx)));
    }
}
