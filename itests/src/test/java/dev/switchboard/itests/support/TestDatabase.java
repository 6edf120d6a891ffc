package dev.switchboard.itests.support;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A PostgreSQL database created for one test run and dropped after it. The server comes from
 * {@code SWITCHBOARD_DB_URL} (any database on it; used as the admin connection) or the local one.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String name;

    private TestDatabase(String adminUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /** Creates {@code sb_it_<prefix>_<random>}. */
    public static TestDatabase create(String prefix) {
        String adminUrl = configured("switchboard.test.dbUrl", "SWITCHBOARD_DB_URL", LOCAL);
        String user = configured("switchboard.test.dbUser", "SWITCHBOARD_DB_USER", "postgres");
        String password = configured("switchboard.test.dbPassword", "SWITCHBOARD_DB_PASSWORD", "");
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String name = "sb_it_" + prefix + "_" + HexFormat.of().formatHex(random);
        TestDatabase database = new TestDatabase(adminUrl, user, password, name);
        database.execute("CREATE DATABASE " + name);
        return database;
    }

    public String name() {
        return name;
    }

    /** JDBC URL of the created database on the same server. */
    public String url() {
        return urlFor(name);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Host and port of the server, e.g. for a TCP proxy in front of it. */
    public String hostAndPort() {
        String rest = adminUrl.substring("jdbc:postgresql://".length());
        return rest.substring(0, rest.indexOf('/'));
    }

    /** The same database reached through another host:port (a proxy). */
    public String urlThrough(String hostAndPort) {
        return "jdbc:postgresql://" + hostAndPort + "/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user, password);
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private String urlFor(String database) {
        String base = adminUrl.substring(0, adminUrl.indexOf('/', "jdbc:postgresql://".length()) + 1);
        int query = adminUrl.indexOf('?');
        return base + database + (query < 0 ? "" : adminUrl.substring(query));
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + adminUrl + ": " + e.getMessage(), e);
        }
    }

    private static String configured(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
