package dev.switchboard.foundation.internal;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** PostgreSQL {@code uuid} columns as {@link UUID}; MyBatis has no handler of its own for them. */
final class UuidTypeHandler extends BaseTypeHandler<UUID> {

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, UUID value, JdbcType type)
            throws SQLException {
        statement.setObject(index, value);
    }

    @Override
    public UUID getNullableResult(ResultSet result, String column) throws SQLException {
        return toUuid(result.getObject(column));
    }

    @Override
    public UUID getNullableResult(ResultSet result, int index) throws SQLException {
        return toUuid(result.getObject(index));
    }

    @Override
    public UUID getNullableResult(CallableStatement statement, int index) throws SQLException {
        return toUuid(statement.getObject(index));
    }

    private static UUID toUuid(Object value) {
        if (value == null || value instanceof UUID) {
            return (UUID) value;
        }
        return UUID.fromString(value.toString());
    }
}
