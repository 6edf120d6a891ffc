package dev.switchboard.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.itests.support.Http;
import dev.switchboard.itests.support.Node;
import dev.switchboard.itests.support.TcpProxy;
import dev.switchboard.itests.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL unreachable at start and later, simulated with a loopback TCP proxy (never by stopping the
 * shared server): health turns DOWN, the engine keeps running and recovers by itself.
 */
class DatabaseOutageBlackBoxIT {

    private TestDatabase database;
    private TcpProxy proxy;
    private Node node;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (node != null) {
            node.stop();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void engineSurvivesOutagesAtStartAndLaterAndRecoversWithoutRestart() throws Exception {
        database = TestDatabase.create("outage");
        proxy = new TcpProxy(database.hostAndPort());
        node = Node.unpack(Path.of("target/blackbox/outage-" + System.nanoTime()),
                database.urlThrough(proxy.hostAndPort())).start();
        Http http = node.http();

        // 1. no database at start: the engine comes up and says DOWN instead of crash-looping
        // while the JAX-RS application is still being assembled CXF itself may answer 503 with an HTML page
        await("health DOWN").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> isHealthDown(http));
        JsonNode down = http.get("/api/v1/health").json();
        assertEquals("DOWN", down.path("database").path("status").asText());
        long pid = node.pid();

        // 2. the database appears: migrations run and health turns UP by itself
        proxy.restore();
        await("health UP").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> http.get("/api/v1/health").status() == 200);
        http.get("/api/v1/health").json().path("migrations").path("modules")
                .forEach(module -> assertEquals("applied", module.path("state").asText(), module.toString()));
        Http owner = node.ownerHttp();
        assertEquals(200, owner.get("/api/v1/plugins").status());

        // 3. the database goes away: DOWN within 10 s, the rest of the API keeps answering
        proxy.cut();
        long cut = System.nanoTime();
        await("health DOWN after the outage").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> isHealthDown(http));
        System.out.println("database cut -> health DOWN: " + Node.timeSince(cut).toMillis() + " ms");
        Http.Response duringOutage = owner.get("/api/v1/plugins");
        assertEquals(503, duringOutage.status(), "credentials cannot be checked without the database");
        assertEquals("database_unavailable", duringOutage.json().path("code").asText());

        // 4. back again: UP without a restart
        proxy.restore();
        long restored = System.nanoTime();
        await("health UP after recovery").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.get("/api/v1/health").status() == 200);
        System.out.println("database back -> health UP: " + Node.timeSince(restored).toMillis() + " ms");
        await("API answers again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> owner.get("/api/v1/plugins").status() == 200);

        assertTrue(node.isAlive());
        assertEquals(pid, node.pid(), "the same process throughout");
        String log = node.log();
        long unreachableLines = log.lines().filter(line -> line.contains("database is unreachable")).count();
        assertTrue(unreachableLines >= 2 && unreachableLines <= 4,
                "one line per outage, not one per check: " + unreachableLines);
        assertTrue(log.contains("database is reachable"));
    }

    private static boolean isHealthDown(Http http) {
        Http.Response health = http.get("/api/v1/health");
        return health.status() == 503 && health.contentType().startsWith("application/json");
    }
}
