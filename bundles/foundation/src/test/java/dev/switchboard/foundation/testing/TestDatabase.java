package dev.switchboard.foundation.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throw-away PostgreSQL database per test class. Register it on a static field:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final TestDatabase DB = TestDatabase.create().withSchema(FoundationSchema::apply);
 * </pre>
 *
 * <p>The server is the one named by the system property {@value #URL_PROPERTY} (Surefire passes
 * {@code SWITCHBOARD_DB_URL} there), else the environment variable {@value #URL_ENV}, else the local server
 * ({@value #DEFAULT_URL}, user {@code postgres}). A database {@code sb_test_<random hex>} is created before
 * the first test and dropped, with its connections, after the last.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    public static final String URL_PROPERTY = "switchboard.test.dbUrl";
    public static final String URL_ENV = "SWITCHBOARD_DB_URL";
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String DEFAULT_USER = "postgres";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<HikariDataSource> pools = new ArrayList<>();
    private SchemaInitializer schema = dataSource -> { };
    private Class<?> owner;
    private String adminUrl;
    private String name;
    private HikariDataSource dataSource;

    private TestDatabase() {
    }

    public static TestDatabase create() {
        return new TestDatabase();
    }

    /** Creates the schema once the database exists, e.g. by running a Liquibase changelog. */
    public TestDatabase withSchema(SchemaInitializer initializer) {
        this.schema = initializer;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (owner != null) {
            return; // a @Nested class shares the enclosing class's database
        }
        owner = context.getRequiredTestClass();
        adminUrl = adminUrl();
        name = "sb_test_" + HexFormat.of().formatHex(randomBytes());
        try (Connection admin = DriverManager.getConnection(adminUrl, credentials(adminUrl));
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        dataSource = newDataSource(config -> { });
        schema.create(dataSource);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (owner == null || context.getRequiredTestClass() != owner) {
            return;
        }
        try {
            pools.forEach(HikariDataSource::close);
            pools.clear();
            try (Connection admin = DriverManager.getConnection(adminUrl, credentials(adminUrl));
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } finally {
            owner = null;
            dataSource = null;
        }
    }

    /** The pool on this class's database. */
    public DataSource dataSource() {
        if (dataSource == null) {
            throw new IllegalStateException("TestDatabase is not started: register it on a static field");
        }
        return dataSource;
    }

    /** Another pool on this class's database, closed with it; {@code customizer} may size it. */
    public HikariDataSource newDataSource(Consumer<HikariConfig> customizer) {
        if (name == null) {
            throw new IllegalStateException("TestDatabase is not started: register it on a static field");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setDataSourceProperties(credentials(adminUrl));
        config.setPoolName(name + "-" + pools.size());
        config.setMaximumPoolSize(10);
        customizer.accept(config);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /** The JDBC URL of this class's database (without credentials given as properties). */
    public String jdbcUrl() {
        return withDatabase(adminUrl, name);
    }

    /** The name of this class's database. */
    public String name() {
        return name;
    }

    static String adminUrl() {
        String property = System.getProperty(URL_PROPERTY);
        if (isJdbcUrl(property)) {
            return property.trim();
        }
        String env = System.getenv(URL_ENV);
        if (isJdbcUrl(env)) {
            return env.trim();
        }
        return DEFAULT_URL;
    }

    /** Maven passes the unresolved "${env.X}" (or nothing) when the variable is unset. */
    static boolean isJdbcUrl(String value) {
        return value != null && value.trim().startsWith("jdbc:");
    }

    /** {@code url} with its database replaced by {@code database}, keeping host, port and parameters. */
    static String withDatabase(String url, String database) {
        int hostStart = url.indexOf("//");
        if (!url.startsWith("jdbc:postgresql:") || hostStart < 0) {
            throw new IllegalArgumentException("expected jdbc:postgresql://host[:port][/database][?params], got "
                    + url.replaceAll("password=[^&]*", "password=***"));
        }
        int query = url.indexOf('?', hostStart);
        String parameters = query < 0 ? "" : url.substring(query);
        String head = query < 0 ? url : url.substring(0, query);
        int slash = head.indexOf('/', hostStart + 2);
        return (slash < 0 ? head : head.substring(0, slash)) + "/" + database + parameters;
    }

    private static Properties credentials(String url) {
        Properties properties = new Properties();
        if (!url.contains("user=")) {
            properties.setProperty("user", DEFAULT_USER);
        }
        return properties;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Creates the schema of a fresh test database. */
    @FunctionalInterface
    public interface SchemaInitializer {
        void create(DataSource dataSource) throws Exception;
    }

    /** Runs one SQL statement on its own connection, outside any unit of work. */
    public void execute(String sql) {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + sql, e);
        }
    }

    /** The first column of the first row of a query, run on its own connection. */
    public Object queryValue(String sql) {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement();
             var result = statement.executeQuery(sql)) {
            return result.next() ? result.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + sql, e);
        }
    }
}
