package dev.switchboard.inbox.internal;

import dev.switchboard.foundation.MapperSet;
import dev.switchboard.foundation.SchemaReady;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.UnitOfWork;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The inbox bundle's mappers on the engine's unit of work, available once its schema is migrated. */
@Component(service = InboxStore.class)
public class InboxStore {

    private final UnitOfWork unitOfWork;
    private final MapperSet mappers;

    @Activate
    public InboxStore(@Reference UnitOfWork unitOfWork,
                      @Reference(target = "(" + SchemaReady.MODULE_PROPERTY + "=inbox)") SchemaReady schema) {
        this(unitOfWork);
    }

    public InboxStore(UnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
        this.mappers = unitOfWork.mappers(MessageMapper.class, SettingsMapper.class, ToolLoopMapper.class);
    }

    public UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    MessageMapper messages(Transaction tx) {
        return tx.mapper(mappers, MessageMapper.class);
    }

    SettingsMapper settings(Transaction tx) {
        return tx.mapper(mappers, SettingsMapper.class);
    }

    ToolLoopMapper toolLoops(Transaction tx) {
        return tx.mapper(mappers, ToolLoopMapper.class);
    }
}
