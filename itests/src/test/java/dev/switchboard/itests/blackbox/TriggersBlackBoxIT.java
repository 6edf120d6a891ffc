package dev.switchboard.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.itests.support.FakeFeed;
import dev.switchboard.itests.support.Http;
import dev.switchboard.itests.support.Installation;
import dev.switchboard.itests.support.Node;
import dev.switchboard.itests.support.TestDatabase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Triggers on a two-node cluster (two distributions as processes on one database): signed webhooks over HTTP,
 * cron schedules that fire once per fire time, and polling triggers that both nodes poll, one poll per trigger at
 * a time, with the fixture source {@code poll-fixture} reading a {@link FakeFeed} in this JVM. The node killed at
 * the end is the last thing the class does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TriggersBlackBoxIT {

    private static final int POLLING_TRIGGERS = 4;
    private static final int POLLS_PER_TRIGGER = 10;
    private static final Duration FEED_HOLD = Duration.ofMillis(1500);
    private static final String EVERY_SECOND = "* * * * * *";
    /** Two scheduler threads per node: four triggers held 1.5 s each keep both nodes busy. */
    private static final String SCHEDULER_SETTINGS = """
            polling.minIntervalSeconds = 1
            schedules.minIntervalSeconds = 1
            scheduler.clusterCheckinIntervalMs = 1000
            scheduler.threads = 2
            polling.timeoutSeconds = 3
            polling.retryDelayMs = 500
            """;
    /** The poll lease (polling.leaseSeconds, default 30 s), after which a dead node's lapses. */
    private static final Duration POLL_LEASE = Duration.ofSeconds(30);

    private TestDatabase database;
    private FakeFeed feed;
    private Node first;
    private Node second;
    private Http owner;

    @BeforeAll
    void start() throws Exception {
        database = TestDatabase.create("triggers");
        feed = FakeFeed.start(FEED_HOLD);
        first = node("a");
        second = node("b");
        long booting = System.nanoTime();
        first.start();
        second.start();
        Installation.awaitHealthUp(first);
        Installation.awaitHealthUp(second);
        System.out.println("two nodes UP in " + Node.timeSince(booting).toSeconds() + " s");
        // dropped in once the engine runs: at boot deploy/ is scanned before the features it imports are installed
        deployPollFixture(first);
        deployPollFixture(second);
        owner = first.ownerHttp();
        awaitPollFixtureActive(owner);
        awaitPollFixtureActive(second.ownerHttp());
    }

    @AfterAll
    void stop() throws InterruptedException {
        try {
            for (Node node : new Node[] {first, second}) {
                if (node != null) {
                    node.stop();
                }
            }
        } finally {
            if (feed != null) {
                feed.close();
            }
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    @Order(1)
    void webhooksAreVerifiedDeduplicatedAndNeverEchoed() throws Exception {
        String automation = createAutomation("webhooks");
        JsonNode trigger = created(owner.post("/api/v1/triggers",
                "{\"automationId\":\"" + automation + "\",\"source\":\"custom\",\"mode\":\"webhook\"}"));
        String secret = trigger.path("secret").asText();
        assertFalse(secret.isBlank(), trigger.toString());
        String path = URI.create(trigger.path("webhookUrl").asText()).getPath();
        assertTrue(path.startsWith("/webhooks/t/t_"), path);
        String marker = "marker-" + UUID.randomUUID();
        String body = "{\"title\":\"Deploy finished\",\"marker\":\"" + marker + "\"}";
        List<Http.Response> responses = new ArrayList<>();
        Stored before = stored();

        Http.Response accepted = deliver(responses, path, "application/json", body, sign(secret, body));
        assertEquals(200, accepted.status(), accepted.body());
        assertEquals(1, accepted.json().path("events").asInt(), accepted.body());
        assertEquals(1, accepted.json().path("runs").asInt(), accepted.body());
        assertFalse(accepted.json().path("duplicate").asBoolean(), accepted.body());
        Stored afterOne = stored();
        assertEquals(before.plus(1, 1, 1), afterOne, "one event, its run and the run's outbox entry");

        Http.Response again = deliver(responses, path, "application/json", body, sign(secret, body));
        assertEquals(200, again.status(), again.body());
        assertTrue(again.json().path("duplicate").asBoolean(), again.body());
        assertEquals(0, again.json().path("events").asInt(), again.body());

        assertProblem(401, "signature_invalid", deliver(responses, path, "application/json", body,
                sign("not-the-secret", body)));
        assertProblem(401, "signature_invalid", deliver(responses, path, "application/json", body, Map.of()));
        String big = "{\"marker\":\"" + marker + "\",\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertProblem(413, "payload_too_large", deliver(responses, path, "application/json", big, sign(secret, big)));
        String malformed = "{\"title\": \"" + marker + "\",";
        assertProblem(400, "payload_invalid", deliver(responses, path, "application/json", malformed,
                sign(secret, malformed)));
        assertProblem(404, "trigger_not_found", deliver(responses, "/webhooks/t/t_000000000000000000000000",
                "application/json", body, sign(secret, body)));
        assertProblem(404, "trigger_not_found", deliver(responses, "/webhooks/t/not-a-path", "application/json", body,
                sign(secret, body)));
        assertEquals(afterOne, stored(), "nothing is stored for a duplicate or a rejected delivery");

        String form = "{\"title\":\"Sent as a form\",\"marker\":\"" + marker + "\",\"a\":\"x=1&y=2\"}";
        Http.Response formEncoded = deliver(responses, path, "application/x-www-form-urlencoded", form,
                sign(secret, form));
        assertEquals(200, formEncoded.status(), formEncoded.body());
        assertEquals(1, formEncoded.json().path("events").asInt(), formEncoded.body());
        assertEquals(afterOne.plus(1, 1, 1), stored());
        assertEquals(1, count("SELECT count(*) FROM trigger_events WHERE dedup_key = ?", "custom:sha256:" + sha256(form)),
                "the event is keyed by the hash of the raw bytes as sent");

        // PostgreSQL cannot store U+0000: a delivery holding one is recorded with U+FFFD, not refused with 500
        String nul = "{\"title\":\"core\\u0000dump\",\"marker\":\"" + marker + "\"}";
        Http.Response withNul = deliver(responses, path, "application/json", nul, sign(secret, nul));
        assertEquals(200, withNul.status(), withNul.body());
        assertEquals(1, withNul.json().path("events").asInt(), withNul.body());
        assertEquals(1, count("SELECT count(*) FROM trigger_events WHERE dedup_key = ? AND raw_payload->>'title' = ?",
                "custom:sha256:" + sha256(nul), "core\ufffddump"));
        // an API request holding one is refused as bad input, and creates nothing
        Http.Response refused = owner.post("/api/v1/automations", "{\"name\":\"nul\\u0000" + marker + "\"}");
        assertProblem(400, "unsupported_character", refused);
        assertEquals(0, count("SELECT count(*) FROM automations WHERE name LIKE ?", "%" + marker));

        for (Http.Response response : responses) {
            assertFalse(response.body().contains(marker), "a response echoes the payload: " + response.body());
        }
    }

    @Test
    @Order(2)
    void aScheduleFiresOnceForEverySecondAcrossTheCluster() throws Exception {
        String automation = createAutomation("every second");
        JsonNode schedule = created(owner.post("/api/v1/schedules", "{\"automationId\":\"" + automation
                + "\",\"name\":\"every second\",\"cronExpression\":\"" + EVERY_SECOND + "\"}"));
        String id = schedule.path("id").asText();

        await("ten fires").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("SELECT count(*) FROM automation_runs WHERE schedule_id = ?::uuid", id) >= 10);
        assertEquals(200, owner.patch("/api/v1/schedules/" + id, "{\"enabled\":false}").status());

        assertEquals(count("SELECT count(*) FROM automation_runs WHERE schedule_id = ?::uuid", id),
                count("SELECT count(DISTINCT dedup_key) FROM automation_runs WHERE schedule_id = ?::uuid", id));
        List<Instant> fires = new ArrayList<>();
        for (String key : strings("SELECT dedup_key FROM automation_runs WHERE schedule_id = ?::uuid", id)) {
            String prefix = "schedule:" + id + ":";
            assertTrue(key.startsWith(prefix), key);
            fires.add(Instant.parse(key.substring(prefix.length())));
        }
        fires.sort(null);
        for (int i = 1; i < fires.size(); i++) {
            // Quartz fires late rather than skipping (misfire threshold 15 s), so a gap is a lost fire
            assertEquals(Duration.ofSeconds(1), Duration.between(fires.get(i - 1), fires.get(i)),
                    "fire times " + fires);
        }
        System.out.println("schedule: " + fires.size() + " fires from " + fires.get(0) + " to " + fires.get(fires.size() - 1)
                + "; runs logged by node a: " + firesLogged(first, id) + ", by node b: " + firesLogged(second, id));
    }

    @Test
    @Order(3)
    void pollingTriggersArePolledOneAtATimeByBothNodesAndSurviveAKilledNode() throws Exception {
        String automation = createAutomation("polling");
        List<String> triggers = new ArrayList<>();
        for (int i = 0; i < POLLING_TRIGGERS; i++) {
            triggers.add(created(owner.post("/api/v1/triggers", "{\"automationId\":\"" + automation
                    + "\",\"source\":\"poll-fixture\",\"mode\":\"polling\",\"pollingCron\":\"" + EVERY_SECOND + "\"}"))
                    .path("id").asText());
        }
        long polling = System.nanoTime();
        await("every trigger polled " + POLLS_PER_TRIGGER + " times").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> triggers.stream().allMatch(id -> feed.trigger(id).requests().size() >= POLLS_PER_TRIGGER));
        System.out.println("polling: " + POLLS_PER_TRIGGER + " polls of every trigger in "
                + Node.timeSince(polling).toSeconds() + " s");

        long fromA = 0;
        long fromB = 0;
        for (String id : triggers) {
            FakeFeed.Trigger seen = feed.trigger(id);
            assertEquals(1, seen.maxInFlight(), "trigger " + id + " was polled twice at once");
            List<Long> cursors = seen.requests().stream().map(FakeFeed.Request::cursor).toList();
            for (int i = 0; i < cursors.size(); i++) {
                assertEquals((long) i, cursors.get(i), "each poll starts where the previous one ended: " + cursors);
            }
            fromA += seen.requestsFrom("a");
            fromB += seen.requestsFrom("b");
            System.out.println("trigger " + id + ": polls by node a " + seen.requestsFrom("a") + ", by node b "
                    + seen.requestsFrom("b"));
        }
        System.out.println("polls by node a: " + fromA + ", by node b: " + fromB);
        assertTrue(fromA > 0 && fromB > 0, "both nodes poll: a " + fromA + ", b " + fromB);
        assertEquals(0, feed.malformedRequests());
        assertEventsMatchCursors(automation, POLLS_PER_TRIGGER - 1);

        List<String> leasedAtKill = strings("SELECT id || ' ' || coalesce(poll_lease_owner, '-') FROM triggers"
                + " WHERE automation_id = ?::uuid", automation);
        long killed = System.nanoTime();
        first.kill();
        System.out.println("node a killed; leases at that moment: " + leasedAtKill);
        await("polling continues on node b").atMost(POLL_LEASE.plusSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> triggers.stream().allMatch(id -> feed.trigger(id).requestsFromAfter("b", killed) >= 2));
        for (String id : triggers) {
            FakeFeed.Trigger seen = feed.trigger(id);
            long resumed = seen.requests().stream().filter(request -> request.node().equals("b")
                    && request.arrivedNanos() > killed).mapToLong(FakeFeed.Request::arrivedNanos).min().orElseThrow();
            System.out.println("trigger " + id + ": first poll by node b " + Duration.ofNanos(resumed - killed).toMillis()
                    + " ms after the kill");
            assertEquals(1, seen.maxInFlight(), "trigger " + id + " was polled twice at once");
            assertCursorsNeverGoBack(id, seen.requests());
        }
        assertEquals(200, second.http().get("/api/v1/health").status(), "the survivor is healthy");
        assertEventsMatchCursors(automation, POLLS_PER_TRIGGER);
    }

    /**
     * In one snapshot, per trigger: its events are exactly items 1..cursor (none lost, none twice), each with one
     * run, and the cursor moved at least to {@code minimumCursor}.
     */
    private void assertEventsMatchCursors(String automation, int minimumCursor) throws Exception {
        String sql = "SELECT t.id, t.polling_cursor, count(e.id), count(DISTINCT e.dedup_key), count(e.run_id),"
                + " min(substr(e.dedup_key, 14)::int), max(substr(e.dedup_key, 14)::int),"
                + " bool_and(e.dedup_key LIKE 'poll-fixture:%')"
                + " FROM triggers t LEFT JOIN trigger_events e ON e.trigger_id = t.id"
                + " WHERE t.automation_id = ?::uuid GROUP BY t.id, t.polling_cursor";
        int triggers = 0;
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, automation);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    triggers++;
                    String id = row.getString(1);
                    int cursor = Integer.parseInt(row.getString(2));
                    String detail = "trigger " + id + ": cursor " + cursor + ", events " + row.getInt(3) + ", distinct keys "
                            + row.getInt(4) + ", with a run " + row.getInt(5) + ", items " + row.getInt(6) + ".." + row.getInt(7);
                    assertTrue(row.getBoolean(8), detail);
                    assertTrue(cursor >= minimumCursor, detail);
                    assertEquals(cursor, row.getInt(3), detail);
                    assertEquals(cursor, row.getInt(4), detail);
                    assertEquals(cursor, row.getInt(5), detail);
                    assertEquals(1, row.getInt(6), detail);
                    assertEquals(cursor, row.getInt(7), detail);
                }
            }
        }
        assertEquals(POLLING_TRIGGERS, triggers);
        assertEquals(count("SELECT count(*) FROM automation_runs WHERE automation_id = ?::uuid", automation),
                count("SELECT count(DISTINCT dedup_key) FROM automation_runs WHERE automation_id = ?::uuid", automation));
    }

    /** After a kill a poll may be repeated once (the dead node's page was never saved), but never goes back. */
    private static void assertCursorsNeverGoBack(String trigger, List<FakeFeed.Request> requests) {
        int repeats = 0;
        for (int i = 1; i < requests.size(); i++) {
            long step = requests.get(i).cursor() - requests.get(i - 1).cursor();
            assertTrue(step == 0 || step == 1, "trigger " + trigger + " cursors " + requests.stream()
                    .map(FakeFeed.Request::cursor).toList());
            repeats += step == 0 ? 1 : 0;
        }
        assertTrue(repeats <= 1, "trigger " + trigger + " repeated " + repeats + " polls");
    }

    private Node node(String name) throws Exception {
        Node node = Node.unpack(Path.of("target/blackbox/triggers-" + name + "-" + System.nanoTime()), database.url());
        node.appendEtc("dev.switchboard.triggers.cfg", SCHEDULER_SETTINGS);
        node.etcFile("dev.switchboard.examples.pollfixture.cfg", "feedUrl = " + feed.url(name) + "\n");
        return node;
    }

    private static void deployPollFixture(Node node) throws Exception {
        Path staging = node.home().resolve("poll-fixture.jar.part");
        Files.copy(Path.of(System.getProperty("switchboard.pollFixtureJar")), staging, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, node.deployDir().resolve("poll-fixture.jar"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitPollFixtureActive(Http http) {
        await("poll-fixture active").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Http.Response plugin = http.get("/api/v1/plugins/trigger-source/poll-fixture");
                    return plugin.status() == 200 && "active".equals(plugin.json().path("state").asText());
                });
    }

    private String createAutomation(String name) {
        return created(owner.post("/api/v1/automations", "{\"name\":\"" + name + "\"}")).path("id").asText();
    }

    private static JsonNode created(Http.Response response) {
        assertEquals(201, response.status(), response.body());
        return response.json();
    }

    private Http.Response deliver(List<Http.Response> log, String path, String contentType, String body,
                                  Map<String, String> headers) {
        Http.Response response = first.http().post(path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
        log.add(response);
        return response;
    }

    private static void assertProblem(int status, String code, Http.Response response) {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        assertEquals(code, response.json().path("code").asText(), response.body());
    }

    private static Map<String, String> sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Map.of("X-Webhook-Signature",
                "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static String sha256(String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static long firesLogged(Node node, String scheduleId) {
        return node.log().lines().filter(line -> line.contains("schedule " + scheduleId + " fired at")
                && line.contains(": run ")).count();
    }

    /** Rows the webhook intake writes (the hand-off's outbox row; the run pipeline adds its own later). */
    private record Stored(long events, long runs, long outbox) {
        Stored plus(long moreEvents, long moreRuns, long moreOutbox) {
            return new Stored(events + moreEvents, runs + moreRuns, outbox + moreOutbox);
        }
    }

    private Stored stored() throws Exception {
        return new Stored(count("SELECT count(*) FROM trigger_events"), count("SELECT count(*) FROM automation_runs"),
                count("SELECT count(*) FROM outbox WHERE kind = 'enqueue_enrich'"));
    }

    private long count(String sql, String... parameters) throws Exception {
        List<String> values = strings(sql, parameters);
        return Long.parseLong(values.get(0));
    }

    private List<String> strings(String sql, String... parameters) throws Exception {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    values.add(result.getString(1));
                }
            }
            return values;
        }
    }
}
