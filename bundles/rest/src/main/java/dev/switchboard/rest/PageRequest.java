package dev.switchboard.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * {@code ?limit=} (default 50, at most 100) and an opaque {@code ?cursor=} as api-conventions.md
 * defines them. A cursor wraps the sort key of the last item returned; its content is nobody's business.
 */
public record PageRequest(int limit, String after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;

    /** Parses the query parameters; 400 {@code invalid_parameter} for a bad limit or cursor. */
    public static PageRequest of(String limit, String cursor) {
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_LIMIT) {
                throw invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        String after = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid("cursor", "is not a cursor this API returned");
            }
        }
        return new PageRequest(size, after);
    }

    /** The cursor to hand out when a page ended with the item whose sort key is {@code lastKey}. */
    public static String cursorAfter(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Builds the page from {@code rows} fetched with {@code limit + 1}: the extra row only tells that a
     * next page exists.
     */
    public <T> Page<T> page(List<T> rows, java.util.function.Function<T, String> sortKey) {
        if (rows.size() <= limit) {
            return new Page<>(List.copyOf(rows), null);
        }
        List<T> items = List.copyOf(rows.subList(0, limit));
        return new Page<>(items, cursorAfter(sortKey.apply(items.get(items.size() - 1))));
    }

    private static ApiProblem invalid(String field, String message) {
        return ApiProblem.badRequest("invalid_parameter", field + " " + message,
                List.of(new ApiProblem.FieldError(field, message)));
    }

    /** One page of a list: {@code {"items": [...], "nextCursor": "..." | null}}. */
    public record Page<T>(List<T> items, String nextCursor) {
    }
}
