package dev.switchboard.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.itests.support.Node;
import dev.switchboard.itests.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several nodes on one database, a node killed with -9, and a migration lock left behind by one. */
class ClusterBlackBoxIT {

    private TestDatabase database;
    private Node first;
    private Node second;

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Node node : new Node[] {first, second}) {
            if (node != null) {
                node.stop();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void twoNodesStartTogetherMigrateOnceAndSurviveAKilledPeer() throws Exception {
        database = TestDatabase.create("cluster");
        first = Node.unpack(Path.of("target/blackbox/cluster-a-" + System.nanoTime()), database.url()).start();
        second = Node.unpack(Path.of("target/blackbox/cluster-b-" + System.nanoTime()), database.url()).start();
        awaitUp(first);
        awaitUp(second);
        assertEquals(1, count("SELECT count(*) FROM databasechangelog WHERE id = 'foundation-1-idempotency-keys'"));

        first.kill();
        assertEquals(200, second.http().get("/api/v1/health").status(), "the peer is unaffected");

        first.start();
        awaitUp(first);
        assertEquals(1, count("SELECT count(*) FROM databasechangelog WHERE id = 'foundation-1-idempotency-keys'"));
    }

    @Test
    void aMigrationLockLeftByAKilledNodeDoesNotBlockTheNextStart() throws Exception {
        database = TestDatabase.create("stalelock");
        first = Node.unpack(Path.of("target/blackbox/stale-" + System.nanoTime()), database.url()).start();
        awaitUp(first);
        first.kill();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE databasechangeloglock SET locked = true, lockgranted = now(), "
                    + "lockedby = 'a node killed while migrating'");
        }

        first.start();
        awaitUp(first);
        assertEquals(0, count("SELECT count(*) FROM databasechangeloglock WHERE locked"));
        assertTrue(first.log().contains("released a Liquibase lock"));
    }

    private static void awaitUp(Node node) {
        await("health UP").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> node.http().get("/api/v1/health").status() == 200);
    }

    private int count(String sql) throws Exception {
        try (Connection connection = database.connect();
             ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }
}
