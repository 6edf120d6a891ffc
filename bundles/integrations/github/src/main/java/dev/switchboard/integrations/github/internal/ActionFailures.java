package dev.switchboard.integrations.github.internal;

import dev.switchboard.integrations.github.internal.GitHubHttp.Response;
import dev.switchboard.spi.action.ActionException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a GitHub REST answer that is not a success onto an {@link ActionException}:
 * <ul>
 *   <li>401 → {@code UNAUTHORIZED} (the engine refreshes the token once);</li>
 *   <li>429, or 403 with {@code x-ratelimit-remaining: 0}, a {@code Retry-After} or GitHub's "secondary rate
 *       limit" message → {@code RATE_LIMITED}, waiting {@code Retry-After} seconds, else until
 *       {@code x-ratelimit-reset}, else 60 s (GitHub's advice);</li>
 *   <li>other 403 → {@code UPSTREAM_ERROR} 403: the token is valid but lacks the permission, which a refresh
 *       does not fix;</li>
 *   <li>404 and 410 → {@code NOT_FOUND} (GitHub answers 404 for private repositories the token cannot see);</li>
 *   <li>422 → {@code BAD_PARAMS} with GitHub's field errors; "Reference does not exist" → {@code NOT_FOUND};</li>
 *   <li>anything else (3xx, other 4xx, 5xx) → {@code UPSTREAM_ERROR} with the status.</li>
 * </ul>
 * Messages carry the action, the status and GitHub's short {@code message} (sanitized, capped); never a
 * header, a token or the parameters' values.
 */
public final class ActionFailures {

    /** Field errors of a 422 that name no parameter of the action go under this key. */
    public static final String GENERAL_FIELD = "params";

    private static final int MAX_MESSAGE = 200;
    private static final Pattern WORD = Pattern.compile("[A-Za-z_]+");
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cntrl}]+");

    private ActionFailures() {
    }

    /**
     * The failure for {@code response} of {@code action}.
     *
     * @param params the action's parameter names, to which GitHub's 422 field errors are attributed
     */
    public static ActionException of(GitHubHttp http, Response response, String action, Set<String> params,
            Clock clock) {
        int status = response.status();
        Map<String, Object> body = body(http, response);
        String message = text(body, "message");
        if (status == 429 || status == 403 && rateLimited(response, message)) {
            return ActionException.rateLimited(retryAfter(response, clock));
        }
        String prefix = action + ": GitHub answered HTTP " + status;
        return switch (status) {
            case 401 -> ActionException.unauthorized(prefix + ": the token was rejected");
            case 403 -> ActionException.upstream(403, prefix + withMessage(message,
                    "the token lacks the permission for this"), null);
            case 404, 410 -> ActionException.notFound(prefix + ": the repository, issue, pull request or branch does "
                    + "not exist, or the token cannot see it");
            case 422 -> unprocessable(body, message, prefix, params);
            default -> ActionException.upstream(status, prefix + withMessage(message, null), null);
        };
    }

    private static ActionException unprocessable(Map<String, Object> body, String message, String prefix,
            Set<String> params) {
        if (message != null && message.toLowerCase(Locale.ROOT).contains("reference does not exist")) {
            return ActionException.notFound(prefix + ": the branch does not exist");
        }
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        if (body.get("errors") instanceof List<?> errors) {
            for (Object error : errors) {
                fieldError(error, params).ifPresent(e -> fieldErrors.merge(e.getKey(), e.getValue(),
                        (first, second) -> first + "; " + second));
            }
        }
        if (fieldErrors.isEmpty()) {
            fieldErrors.put(GENERAL_FIELD, "GitHub: " + (message == null ? "validation failed" : message));
        }
        return ActionException.badParams(fieldErrors);
    }

    /**
     * One entry of GitHub's {@code errors}: an object {@code {resource, field, code, message?}} or, for some
     * endpoints (review comments), a plain sentence such as "pull_request_review_thread.line must be part of the
     * diff". Attributed to the action's parameter it names, else to {@link #GENERAL_FIELD}.
     */
    private static Optional<Map.Entry<String, String>> fieldError(Object error, Set<String> params) {
        if (error instanceof String sentence) {
            return Optional.of(Map.entry(paramIn(sentence, params), "GitHub: " + clean(sentence)));
        }
        if (!(error instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        String field = map.get("field") instanceof String f ? f : "";
        String code = map.get("code") instanceof String c ? clean(c) : "invalid";
        String detail = map.get("message") instanceof String m ? " (" + clean(m) + ")" : "";
        return Optional.of(Map.entry(paramIn(field, params), "GitHub: " + code + detail));
    }

    private static String paramIn(String text, Set<String> params) {
        Matcher words = WORD.matcher(text);
        String found = null;
        while (words.find()) {
            if (params.contains(words.group())) {
                found = words.group(); // the last one: "pull_request_review_thread.line" names line
            }
        }
        return found == null ? GENERAL_FIELD : found;
    }

    private static boolean rateLimited(Response response, String message) {
        return response.headers().firstValue("x-ratelimit-remaining").map(String::trim).filter("0"::equals)
                .isPresent()
                || response.headers().firstValue("retry-after").isPresent()
                || message != null && message.toLowerCase(Locale.ROOT).contains("rate limit");
    }

    private static Duration retryAfter(Response response, Clock clock) {
        return GitHubHttp.retryAfter(response.headers(), clock.instant());
    }

    private static Map<String, Object> body(GitHubHttp http, Response response) {
        try {
            return http.object(response, "error");
        } catch (dev.switchboard.spi.provider.ProviderException e) {
            return Map.of(); // an HTML error page from a proxy, say: the status says enough
        }
    }

    private static String text(Map<String, Object> body, String field) {
        return Json.text(body, field).map(ActionFailures::clean).orElse(null);
    }

    private static String withMessage(String message, String fallback) {
        String detail = message != null ? message : fallback;
        return detail == null ? "" : ": " + detail;
    }

    private static String clean(String text) {
        String flat = UNPRINTABLE.matcher(text).replaceAll(" ").strip();
        return flat.length() <= MAX_MESSAGE ? flat : flat.substring(0, MAX_MESSAGE) + "…";
    }
}
