package dev.switchboard.foundation;

/** One open transaction of a {@link UnitOfWork}; valid only inside the work it was handed to. */
public interface Transaction {

    /** A mapper of {@code set} bound to this transaction's connection. */
    <M> M mapper(MapperSet set, Class<M> mapperType);

    /** Marks the transaction for rollback: the work's result is returned but nothing is committed. */
    void setRollbackOnly();
}
