package dev.switchboard.spi.action;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a successful action returns to the agent.
 *
 * @param data the result as plain JSON-like values; the engine redacts secret-looking keys and truncates
 *             large results before storing them, so adapters return what the agent needs and no more
 */
public record ActionResult(Map<String, Object> data) {

    public ActionResult {
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A result holding {@code data}. */
    public static ActionResult of(Map<String, Object> data) {
        return new ActionResult(data);
    }
}
