package dev.switchboard.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.foundation.IdempotencyStore;
import dev.switchboard.foundation.internal.RestTestSchema;
import dev.switchboard.foundation.testing.TestDatabase;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Idempotency} on the foundation's real IdempotencyStore and PostgreSQL. */
class IdempotencyTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(RestTestSchema::apply);

    record CreateRun(String name, List<String> tags, Map<String, Object> params) {
    }

    record Created(UUID id, String name) {
    }

    final AtomicInteger runs = new AtomicInteger();
    Idempotency idempotency;
    IdempotencyStore store;
    UUID organization;

    @BeforeEach
    void setUp() {
        DB.execute("TRUNCATE idempotency_keys");
        store = RestTestSchema.idempotencyStore(DB.dataSource());
        idempotency = new Idempotency(store);
        organization = UUID.randomUUID();
    }

    private Response create(CreateRun body) {
        runs.incrementAndGet();
        return Response.status(201).type(MediaType.APPLICATION_JSON).entity(new Created(UUID.randomUUID(), body.name())).build();
    }

    private static CreateRun body(String name) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("b", 2);
        params.put("a", 1);
        return new CreateRun(name, List.of("x"), params);
    }

    @Test
    void theSameKeyAndBodyGetTheFirstResponseAgain() {
        CreateRun body = body("nightly");
        Response first = idempotency.execute(organization, "key-1", body, () -> create(body));
        String firstJson = (String) idempotency.execute(organization, "key-1", body, () -> create(body)).getEntity();

        Response again = idempotency.execute(organization, "key-1", body("nightly"), () -> create(body));

        assertEquals(1, runs.get());
        assertEquals(201, again.getStatus());
        assertEquals("application/json", again.getMediaType().toString());
        assertEquals("true", again.getHeaderString(Idempotency.REPLAYED_HEADER));
        assertEquals(firstJson, again.getEntity());
        assertEquals("{\"id\":\"" + ((Created) first.getEntity()).id() + "\",\"name\":\"nightly\"}", again.getEntity());
        assertNull(first.getHeaderString(Idempotency.REPLAYED_HEADER));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        idempotency.execute(organization, "key-1", body("nightly"), () -> create(body("nightly")));

        ApiProblem problem = assertThrows(ApiProblem.class,
                () -> idempotency.execute(organization, "key-1", body("weekly"), () -> create(body("weekly"))));

        assertEquals(422, problem.status());
        assertEquals("idempotency_key_reused", problem.code());
        assertEquals(1, runs.get());
    }

    @Test
    void aKeyStillInProgressIs409() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Response> slow = pool.submit(() -> idempotency.execute(organization, "key-1", body("a"), () -> {
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return create(body("a"));
            }));
            started.await(10, TimeUnit.SECONDS);

            ApiProblem problem = assertThrows(ApiProblem.class,
                    () -> idempotency.execute(organization, "key-1", body("a"), () -> create(body("a"))));

            assertEquals(409, problem.status());
            assertEquals("idempotency_key_in_progress", problem.code());
            release.countDown();
            assertEquals(201, slow.get(10, TimeUnit.SECONDS).getStatus());
            assertEquals(1, runs.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailureGivesTheKeyUpSoARetryRuns() {
        ApiProblem failure = new ApiProblem(409, "conflict", "Conflict", "no");
        assertThrows(ApiProblem.class, () -> idempotency.execute(organization, "key-1", body("a"), () -> {
            throw failure;
        }));
        Response unavailable = idempotency.execute(organization, "key-2", body("a"), () -> Response.status(503).build());
        assertEquals(503, unavailable.getStatus());

        assertEquals(201, idempotency.execute(organization, "key-1", body("a"), () -> create(body("a"))).getStatus());
        assertEquals(201, idempotency.execute(organization, "key-2", body("a"), () -> create(body("a"))).getStatus());
        assertEquals(2, runs.get());
    }

    @Test
    void withoutAKeyTheWorkAlwaysRuns() {
        idempotency.execute(organization, null, body("a"), () -> create(body("a")));
        idempotency.execute(organization, " ", body("a"), () -> create(body("a")));
        assertEquals(2, runs.get());
        assertEquals(0L, ((Number) DB.queryValue("SELECT count(*) FROM idempotency_keys")).longValue());
    }

    @Test
    void keysAreScopedByOrganizationAndOperation() {
        idempotency.execute(organization, "key-1", body("a"), () -> create(body("a")));
        idempotency.execute(UUID.randomUUID(), "key-1", body("a"), () -> create(body("a")));
        assertEquals(2, runs.get());

        idempotency.execute(organization, "key-2", "runs.create", body("a"), Duration.ofMinutes(5), () -> create(body("a")));
        ApiProblem problem = assertThrows(ApiProblem.class, () -> idempotency.execute(organization, "key-2",
                "sessions.create", body("a"), Duration.ofMinutes(5), () -> create(body("a"))));
        assertEquals(422, problem.status());
    }

    @Test
    void theRequestHashIsCanonical() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("a", 1);
        one.put("b", Map.of("y", 2, "x", 1));
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("b", new java.util.TreeMap<>(Map.of("x", 1, "y", 2)));
        other.put("a", 1);

        assertEquals(Idempotency.requestHash("op", one), Idempotency.requestHash("op", other));
        assertEquals(64, Idempotency.requestHash("op", one).length());
        assertNotEquals(Idempotency.requestHash("op", one), Idempotency.requestHash("other", one));
        assertNotEquals(Idempotency.requestHash("op", Map.of("a", 1)), Idempotency.requestHash("op", Map.of("a", 2)));
    }

    @Test
    void anOverlongKeyIs400() {
        ApiProblem problem = assertThrows(ApiProblem.class,
                () -> idempotency.execute(organization, "k".repeat(256), body("a"), () -> create(body("a"))));
        assertEquals(400, problem.status());
        assertEquals("invalid_idempotency_key", problem.code());
        assertEquals(0, runs.get());
    }
}
