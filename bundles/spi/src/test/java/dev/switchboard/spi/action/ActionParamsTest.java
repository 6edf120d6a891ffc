package dev.switchboard.spi.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActionParamsTest {

    @Test
    void collectsEveryProblemIntoOneBadParamsWithoutEchoingValues() {
        Map<String, Object> given = new HashMap<>();
        given.put("title", "  ");
        given.put("priority", 9);
        given.put("labels", List.of("a", ""));
        given.put("status", "sleeping");
        ActionParams params = new ActionParams(given);

        assertEquals(null, params.required("title"));
        assertEquals(null, params.required("teamId"));
        assertEquals(Optional.empty(), params.integer("priority", 0, 4));
        assertEquals(Optional.empty(), params.strings("labels"));
        assertEquals(Optional.empty(), params.oneOf("status", List.of("resolved", "unresolved")));
        ActionException failure = assertThrows(ActionException.class, params::check);

        assertEquals(ActionException.Kind.BAD_PARAMS, failure.kind());
        assertEquals(Map.of("title", "must be a non-empty string", "teamId", "is required",
                "priority", "must be a whole number from 0 to 4", "labels", "must be a list of non-empty strings",
                "status", "must be one of resolved, unresolved"), failure.fieldErrors());
        assertFalse(failure.getMessage().contains("sleeping"), "values are never echoed");
    }

    @Test
    void acceptsGoodValuesAndIdsGivenAsNumbersOrStrings() throws ActionException {
        ActionParams params = new ActionParams(Map.of("issueId", 42, "other", " ENG-1 ", "first", 25.0, "text", ""));

        assertEquals("42", params.requiredId("issueId"));
        assertEquals("ENG-1", params.requiredId("other"));
        assertEquals(Optional.of(25), params.integer("first", 1, 50));
        assertEquals(Optional.of(""), params.text("text"));
        assertTrue(params.has("text"));
        params.check();
    }
}
