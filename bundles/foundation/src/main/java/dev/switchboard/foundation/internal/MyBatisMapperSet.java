package dev.switchboard.foundation.internal;

import dev.switchboard.foundation.MapperSet;
import java.sql.Connection;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.managed.ManagedTransactionFactory;

/**
 * One bundle's MyBatis configuration. Sessions are opened on a connection the unit of work owns: the
 * managed transaction factory never commits or closes it.
 */
final class MyBatisMapperSet implements MapperSet {

    private final SqlSessionFactory factory;
    private final Set<Class<?>> mapperTypes;

    private MyBatisMapperSet(SqlSessionFactory factory, Set<Class<?>> mapperTypes) {
        this.factory = factory;
        this.mapperTypes = mapperTypes;
    }

    static MyBatisMapperSet create(DataSource dataSource, Class<?>... mapperTypes) {
        if (mapperTypes.length == 0) {
            throw new IllegalArgumentException("at least one mapper type is required");
        }
        ManagedTransactionFactory transactions = new ManagedTransactionFactory();
        Properties noClose = new Properties();
        noClose.setProperty("closeConnection", "false");
        transactions.setProperties(noClose);
        Configuration configuration = new Configuration(new Environment("switchboard", transactions, dataSource));
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.setArgNameBasedConstructorAutoMapping(true);
        // statement logging would write parameters (password hashes, ciphertexts, emails) at DEBUG
        configuration.setLogImpl(org.apache.ibatis.logging.nologging.NoLoggingImpl.class);
        configuration.getTypeHandlerRegistry().register(java.util.UUID.class, new UuidTypeHandler());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // MyBatis resolves type names in mapper XML through the context class loader: in OSGi only the
        // owning bundle's loader sees them.
        thread.setContextClassLoader(mapperTypes[0].getClassLoader());
        try {
            for (Class<?> type : mapperTypes) {
                configuration.addMapper(type);
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        return new MyBatisMapperSet(new SqlSessionFactoryBuilder().build(configuration), Set.of(mapperTypes));
    }

    SqlSession openOn(Connection connection) {
        return factory.openSession(connection);
    }

    @Override
    public Set<Class<?>> mapperTypes() {
        return mapperTypes;
    }
}
