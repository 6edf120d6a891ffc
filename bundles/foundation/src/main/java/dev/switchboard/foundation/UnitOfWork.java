package dev.switchboard.foundation;

/**
 * Runs work in one database transaction on one connection, whichever bundles' tables it touches.
 * Each bundle keeps its own MyBatis mappers ({@link #mappers(Class[])}) and opens them on the shared
 * connection through {@link Transaction#mapper(MapperSet, Class)}; commit and rollback happen here only.
 */
public interface UnitOfWork {

    /**
     * Runs {@code work} in a new transaction. Commits when it returns, rolls back when it throws.
     *
     * @throws DatabaseUnavailableException when no connection can be had
     * @throws RuntimeException             whatever {@code work} threw (checked exceptions are wrapped
     *                                      in {@link PersistenceException})
     */
    <T> T inTransaction(TransactionWork<T> work);

    /** Like {@link #inTransaction} for work without a result. */
    default void run(TransactionVoidWork work) {
        inTransaction(tx -> {
            work.run(tx);
            return null;
        });
    }

    /**
     * Builds the MyBatis configuration of one owning bundle. The mapper XML files must sit next to their
     * interfaces; classes named in them resolve through the first mapper's class loader. Build once at
     * activation and keep it.
     */
    MapperSet mappers(Class<?>... mapperTypes);

    @FunctionalInterface
    interface TransactionWork<T> {
        T run(Transaction tx) throws Exception;
    }

    @FunctionalInterface
    interface TransactionVoidWork {
        void run(Transaction tx) throws Exception;
    }
}
