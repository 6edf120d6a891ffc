package dev.switchboard.identity.internal;

import dev.switchboard.foundation.MapperSet;
import dev.switchboard.foundation.SchemaReady;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.UnitOfWork;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The identity bundle's mappers on the engine's unit of work; available once its schema is. */
@Component(service = IdentityStore.class)
public class IdentityStore {

    private final UnitOfWork unitOfWork;
    private final MapperSet mappers;

    @Activate
    public IdentityStore(@Reference UnitOfWork unitOfWork,
                         @Reference(target = "(" + SchemaReady.MODULE_PROPERTY + "=identity)") SchemaReady schema) {
        this(unitOfWork);
    }

    IdentityStore(UnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
        this.mappers = unitOfWork.mappers(AccountMapper.class, OrganizationMapper.class, CredentialMapper.class,
                AuditMapper.class, InvitationMapper.class);
    }

    UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    AccountMapper accounts(Transaction tx) {
        return tx.mapper(mappers, AccountMapper.class);
    }

    OrganizationMapper organizations(Transaction tx) {
        return tx.mapper(mappers, OrganizationMapper.class);
    }

    CredentialMapper credentials(Transaction tx) {
        return tx.mapper(mappers, CredentialMapper.class);
    }

    AuditMapper audit(Transaction tx) {
        return tx.mapper(mappers, AuditMapper.class);
    }

    InvitationMapper invitations(Transaction tx) {
        return tx.mapper(mappers, InvitationMapper.class);
    }
}
