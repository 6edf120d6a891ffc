package dev.switchboard.actions.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What may be stored of parameters and results: keys that name secrets are removed at any depth, and a
 * result above {@value ActionsConstants#MAX_RESULT_BYTES} bytes is replaced by a marker with its size.
 */
final class Redaction {

    private Redaction() {
    }

    /** A copy of {@code value} without secret-named keys, at any depth of maps and lists. */
    static Object redact(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> {
                String name = String.valueOf(key);
                if (!secretName(name)) {
                    copy.put(name, redact(item));
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(redact(item)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> redactObject(Map<String, ?> value) {
        return (Map<String, Object>) redact(value);
    }

    static boolean secretName(String key) {
        return ActionsConstants.REDACTED_KEYS.contains(key.toLowerCase(Locale.ROOT));
    }

    /** JSON text of the redacted {@code result}, or the truncation marker when it is too large. */
    static String storedResult(Map<String, ?> result) {
        String json = Json.write(redact(result));
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size <= ActionsConstants.MAX_RESULT_BYTES) {
            return json;
        }
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("_truncated", true);
        marker.put("_originalSize", size);
        return Json.write(marker);
    }
}
