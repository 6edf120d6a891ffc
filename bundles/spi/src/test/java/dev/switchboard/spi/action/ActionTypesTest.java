package dev.switchboard.spi.action;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActionTypesTest {

    private static final ActionContext CONTEXT = new ActionContext("org-1", null, null, null, Clock.systemUTC());
    private static final Instant DEADLINE = Instant.parse("2025-01-01T00:00:30Z");

    @Test
    void actionNamesAreLowerSnake() {
        assertEquals("create_issue", new ActionDefinition("create_issue", "", RiskLevel.WRITE, null).name());
        assertThrows(IllegalArgumentException.class, () -> new ActionDefinition("Create-Issue", "", RiskLevel.WRITE, null));
        assertThrows(IllegalArgumentException.class, () -> new ActionDefinition("", "", RiskLevel.READ, null));
        assertThrows(NullPointerException.class, () -> new ActionDefinition("get", "", null, null));
    }

    @Test
    void missingSchemaMeansNoParamsAndSchemaMustBeAnObject() {
        assertEquals(ActionDefinition.NO_PARAMS_SCHEMA, new ActionDefinition("ping", "", RiskLevel.READ, null).paramsSchema());
        assertThrows(IllegalArgumentException.class, () -> new ActionDefinition("ping", "", RiskLevel.READ, "[]"));
    }

    @Test
    void requestCopiesParamsAllowingJsonNulls() {
        Map<String, Object> params = new HashMap<>();
        params.put("title", "Bug");
        params.put("assignee", null);
        ActionRequest request = new ActionRequest("create_issue", params, CONTEXT, DEADLINE, null);
        params.put("title", "changed");

        assertEquals("Bug", request.params().get("title"));
        assertTrue(request.params().containsKey("assignee"));
        assertNull(request.params().get("assignee"));
        assertThrows(UnsupportedOperationException.class, () -> request.params().put("x", 1));
    }

    @Test
    void requestValidatesAndPrintsNoParamValues() {
        ActionRequest request = new ActionRequest("note", Map.of("text", "private"), CONTEXT, DEADLINE, "key-1");

        assertFalse(request.toString().contains("private"), request.toString());
        assertEquals(Optional.of("key-1"), request.optionalIdempotencyKey());
        assertEquals(Optional.of("private"), request.stringParam("text"));
        assertEquals(Optional.empty(), request.stringParam("missing"));
        assertThrows(NullPointerException.class, () -> new ActionRequest("note", null, CONTEXT, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ActionRequest("note", null, CONTEXT, DEADLINE, " "));
    }

    @Test
    void badParamsCarriesFieldErrors() {
        ActionException failure = ActionException.badParam("teamId", "is required");

        assertEquals(ActionException.Kind.BAD_PARAMS, failure.kind());
        assertEquals(Map.of("teamId", "is required"), failure.fieldErrors());
        assertThrows(IllegalArgumentException.class, () -> ActionException.badParams(Map.of()));
    }

    @Test
    void rateLimitAndUpstreamStatusAreOnlyOnTheirKinds() {
        ActionException limited = ActionException.rateLimited(Duration.ofSeconds(5));
        ActionException upstream = ActionException.upstream(502, "bad gateway", null);

        assertEquals(Optional.of(Duration.ofSeconds(5)), limited.retryAfter());
        assertEquals(OptionalInt.empty(), limited.upstreamStatus());
        assertEquals(OptionalInt.of(502), upstream.upstreamStatus());
        assertEquals(Optional.empty(), upstream.retryAfter());
        assertEquals(OptionalInt.empty(), ActionException.upstream(0, "timeout", null).upstreamStatus());
        assertThrows(IllegalArgumentException.class, () -> ActionException.upstream(42, "?", null));
    }
}
