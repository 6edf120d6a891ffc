package dev.switchboard.examples.echo;

import dev.switchboard.spi.action.ActionContext;
import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import dev.switchboard.spi.action.RiskLevel;
import dev.switchboard.spi.AccessToken;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoActionAdapterTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final Instant DEADLINE = NOW.plusSeconds(30);
    private static final ActionContext CONTEXT =
            new ActionContext("org-1", null, "ses-1", Map.of(), Clock.fixed(NOW, ZoneOffset.UTC));

    private final EchoActionAdapter adapter = new EchoActionAdapter();

    private ActionResult run(String action, Map<String, Object> params, String idempotencyKey) throws ActionException {
        return adapter.execute(new ActionRequest(action, params, CONTEXT, DEADLINE, idempotencyKey), AccessToken.NONE);
    }

    @Test
    void describesItself() {
        assertEquals("echo", adapter.descriptor().id());
        assertEquals("Echo", adapter.descriptor().displayName());
        assertEquals("echo", adapter.service());
        assertFalse(adapter.requiresConnection());
        assertEquals(List.of("echo", "note"), adapter.actions().stream().map(ActionDefinition::name).toList());
        assertEquals(RiskLevel.READ, adapter.action("echo").orElseThrow().riskLevel());
        assertEquals(RiskLevel.WRITE, adapter.action("note").orElseThrow().riskLevel());
        assertFalse(adapter.guide().isBlank());
    }

    @Test
    void schemasDeclareTheRequiredParameters() {
        assertTrue(adapter.action("echo").orElseThrow().paramsSchema().contains("\"required\": [\"message\"]"));
        assertTrue(adapter.action("note").orElseThrow().paramsSchema().contains("\"required\": [\"text\"]"));
    }

    @Test
    void echoReturnsParamsAndDeadline() throws ActionException {
        ActionResult result = run("echo", Map.of("message", "hi", "n", 2), null);

        assertEquals(Map.of("message", "hi", "n", 2), result.data().get("params"));
        assertEquals("2025-01-01T12:00:30Z", result.data().get("deadline"));
    }

    @Test
    void missingRequiredParamIsBadParams() {
        ActionException failure = assertThrows(ActionException.class, () -> run("echo", Map.of(), null));

        assertEquals(ActionException.Kind.BAD_PARAMS, failure.kind());
        assertEquals(Set.of("message"), failure.fieldErrors().keySet());
        assertEquals(ActionException.Kind.BAD_PARAMS,
                assertThrows(ActionException.class, () -> run("note", Map.of("text", 42), null)).kind());
    }

    @Test
    void unknownActionIsNotFound() {
        ActionException failure = assertThrows(ActionException.class, () -> run("delete_all", Map.of(), null));

        assertEquals(ActionException.Kind.NOT_FOUND, failure.kind());
    }

    @Test
    void noteReturnsIndexAndCount() throws ActionException {
        assertEquals(Map.of("index", 0, "count", 1), run("note", Map.of("text", "first"), null).data());
        assertEquals(Map.of("index", 1, "count", 2), run("note", Map.of("text", "second"), null).data());
    }

    @Test
    void noteWithTheSameIdempotencyKeyIsAddedOnce() throws ActionException {
        ActionResult first = run("note", Map.of("text", "once"), "inv-1");
        ActionResult retry = run("note", Map.of("text", "once"), "inv-1");

        assertEquals(Map.of("index", 0, "count", 1), first.data());
        assertEquals(first, retry);
    }

    @Test
    void concurrentNotesGetDistinctIndexes() throws Exception {
        int calls = 200;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ActionResult>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String text = "note " + i;
                futures.add(pool.submit(() -> run("note", Map.of("text", text), null)));
            }
            Set<Object> indexes = new HashSet<>();
            for (Future<ActionResult> future : futures) {
                indexes.add(future.get().data().get("index"));
            }
            assertEquals(calls, indexes.size());
            assertEquals(Map.of("index", calls, "count", calls + 1), run("note", Map.of("text", "last"), null).data());
        } finally {
            pool.shutdownNow();
        }
    }
}
