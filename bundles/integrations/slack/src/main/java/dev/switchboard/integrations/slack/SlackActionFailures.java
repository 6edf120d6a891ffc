package dev.switchboard.integrations.slack;

import dev.switchboard.spi.action.ActionException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Slack's failures onto {@link ActionException}s. Slack answers most failures with HTTP 200 and
 * {@code {"ok": false, "error": "<code>"}}; the code decides:
 * <ul>
 *   <li>{@code ratelimited}, {@code rate_limited} (HTTP 429 with {@code Retry-After}) → {@code RATE_LIMITED};</li>
 *   <li>{@code invalid_auth}, {@code not_authed}, {@code token_revoked}, {@code token_expired},
 *       {@code account_inactive} → {@code UNAUTHORIZED} (the engine refreshes once, then fails);</li>
 *   <li>{@code channel_not_found}, {@code thread_not_found} → {@code NOT_FOUND};</li>
 *   <li>{@code not_in_channel}, {@code is_archived}, {@code restricted_action*} → {@code BAD_PARAMS} on
 *       {@code channel}: the channel exists but the bot cannot post there; {@code no_text},
 *       {@code msg_too_long} on {@code text}; {@code invalid_blocks*} on {@code blocks}; {@code invalid_cursor}
 *       on {@code cursor}; {@code invalid_arguments} on the parameter Slack's message names;</li>
 *   <li>anything else ({@code missing_scope}, {@code internal_error}, {@code duplicate_*_not_found}, …) and
 *       HTTP 5xx → {@code UPSTREAM_ERROR}.</li>
 * </ul>
 * Messages carry the action, Slack's error code (checked to be one) and, for {@code missing_scope}, the scope
 * needed; never a header, a token or a parameter value.
 */
final class SlackActionFailures {

    static final Duration DEFAULT_RETRY_AFTER = SlackConstants.DEFAULT_RETRY_AFTER;

    private static final Pattern CODE = Pattern.compile("[a-z0-9_]{1,64}");
    private static final Pattern SCOPES = Pattern.compile("[a-z0-9:._,-]{1,200}");
    private static final Pattern WORD = Pattern.compile("[a-z_]+");
    private static final Set<String> RATE_LIMITED = Set.of("ratelimited", "rate_limited");
    private static final Set<String> UNAUTHORIZED = Set.of("invalid_auth", "not_authed", "token_revoked",
            "token_expired", "account_inactive", "not_allowed_token_type");
    private static final Set<String> NOT_FOUND = Set.of("channel_not_found", "thread_not_found");
    private static final Map<String, String> CHANNEL_PROBLEMS = Map.of(
            "not_in_channel", "the Slack app is not a member of this channel; invite it or pick another channel",
            "is_archived", "the channel is archived",
            "restricted_action", "a workspace setting keeps the app from posting here",
            "restricted_action_read_only_channel", "the channel is read-only",
            "restricted_action_thread_only_channel", "the channel takes replies in threads only: give thread_ts",
            "restricted_action_non_threadable_channel", "the channel has no threads: leave thread_ts out",
            "restricted_action_thread_locked", "the thread is locked");
    private static final Map<String, Map.Entry<String, String>> PARAM_PROBLEMS = Map.of(
            "no_text", Map.entry("text", "Slack found no message text"),
            "msg_too_long", Map.entry("text", "the message is too long for Slack"),
            "invalid_blocks", Map.entry("blocks", "Slack rejected the blocks (Block Kit)"),
            "invalid_blocks_format", Map.entry("blocks", "the blocks are not valid Block Kit JSON"),
            "invalid_cursor", Map.entry("cursor", "the cursor is not valid (any more)"),
            "invalid_limit", Map.entry("limit", "Slack rejected the limit"),
            "invalid_types", Map.entry("types", "Slack rejected the conversation types"));

    private SlackActionFailures() {
    }

    /** The failure for an HTTP status that is not 2xx, before looking at the body. */
    static ActionException ofStatus(String action, int status, HttpHeaders headers) {
        if (status == 429) {
            return ActionException.rateLimited(retryAfter(headers));
        }
        return ActionException.upstream(status, action + ": Slack answered HTTP " + status, null);
    }

    /** The failure for {@code {"ok": false, "error": error}}. */
    static ActionException ofError(String action, int status, HttpHeaders headers, Map<String, Object> body,
            Set<String> params) {
        String error = body.get("error") instanceof String text && CODE.matcher(text).matches() ? text : "unknown";
        String message = action + ": Slack answered " + error;
        if (RATE_LIMITED.contains(error)) {
            return ActionException.rateLimited(retryAfter(headers));
        }
        if (UNAUTHORIZED.contains(error)) {
            return ActionException.unauthorized(message);
        }
        if (NOT_FOUND.contains(error)) {
            return ActionException.notFound(
                    message + ": the channel or thread does not exist, or the app cannot see it");
        }
        if (CHANNEL_PROBLEMS.containsKey(error)) {
            return ActionException.badParam("channel", CHANNEL_PROBLEMS.get(error) + " (Slack: " + error + ")");
        }
        if (PARAM_PROBLEMS.containsKey(error)) {
            Map.Entry<String, String> problem = PARAM_PROBLEMS.get(error);
            return ActionException.badParam(problem.getKey(), problem.getValue() + " (Slack: " + error + ")");
        }
        if ("invalid_arguments".equals(error)) {
            return ActionException.badParam(namedParam(body, params), "Slack: invalid_arguments");
        }
        if ("missing_scope".equals(error) && body.get("needed") instanceof String needed
                && SCOPES.matcher(needed).matches()) {
            return ActionException.upstream(status, message + ": the Slack app needs the scope " + needed
                    + "; reinstall it with that scope", null);
        }
        return ActionException.upstream(status, message, null);
    }

    /** The parameter that {@code response_metadata.messages} names ("[ERROR] missing required field: channel"). */
    private static String namedParam(Map<String, Object> body, Set<String> params) {
        if (body.get("response_metadata") instanceof Map<?, ?> metadata
                && metadata.get("messages") instanceof List<?> messages) {
            for (Object line : messages) {
                if (line instanceof String text) {
                    Matcher words = WORD.matcher(text);
                    while (words.find()) {
                        if (params.contains(words.group())) {
                            return words.group();
                        }
                    }
                }
            }
        }
        return "params";
    }

    static Duration retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").map(String::trim).map(value -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return DEFAULT_RETRY_AFTER;
            }
        }).orElse(DEFAULT_RETRY_AFTER);
    }
}
