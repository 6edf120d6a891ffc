package dev.switchboard.foundation.internal;

import dev.switchboard.foundation.DatabaseUnavailableException;
import dev.switchboard.foundation.MapperSet;
import dev.switchboard.foundation.Transaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.ibatis.session.SqlSession;

/** A transaction on one connection, with one MyBatis session per owning bundle's mapper set. */
final class ConnectionTransaction implements Transaction {

    private final Connection connection;
    private final Map<MyBatisMapperSet, SqlSession> sessions = new IdentityHashMap<>();
    private boolean rollbackOnly;

    ConnectionTransaction(Connection connection) {
        this.connection = connection;
    }

    @Override
    public <M> M mapper(MapperSet set, Class<M> mapperType) {
        if (!(set instanceof MyBatisMapperSet mybatis)) {
            throw new IllegalArgumentException("mapper set was not created by this unit of work");
        }
        if (!mybatis.mapperTypes().contains(mapperType)) {
            throw new IllegalArgumentException(mapperType.getName() + " is not in this mapper set");
        }
        return sessions.computeIfAbsent(mybatis, s -> s.openOn(connection)).getMapper(mapperType);
    }

    @Override
    public void setRollbackOnly() {
        rollbackOnly = true;
    }

    void finish() throws SQLException {
        if (rollbackOnly) {
            connection.rollback();
        } else {
            connection.commit();
        }
    }

    void rollbackQuietly(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(new DatabaseUnavailableException("rollback failed", e));
        }
    }

    void closeSessions() {
        sessions.values().forEach(SqlSession::close);
        sessions.clear();
    }
}
