package dev.switchboard.integrations.slack;

import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.RiskLevel;
import java.util.List;
import java.util.Set;

/** The Slack actions: names, risk levels, parameter schemas (JSON Schema draft 2020-12) and the guide. */
final class SlackActionCatalog {

    static final String POST_MESSAGE = "post_message";
    static final String LIST_CHANNELS = "list_channels";

    /** Slack truncates longer messages; it recommends at most 4,000 characters. */
    static final int MAX_TEXT = 40_000;
    /** Block Kit allows 50 blocks per message. */
    static final int MAX_BLOCKS = 50;
    /** conversations.list allows up to 1000 per page but recommends at most 200. */
    static final int MAX_LIMIT = 200;
    static final int DEFAULT_LIMIT = 100;
    static final Set<String> CONVERSATION_TYPES = Set.of("public_channel", "private_channel", "mpim", "im");

    static final Set<String> POST_MESSAGE_PARAMS = Set.of("channel", "text", "thread_ts", "blocks");
    static final Set<String> LIST_CHANNELS_PARAMS = Set.of("types", "limit", "cursor", "exclude_archived");

    static final ActionDefinition POST_MESSAGE_ACTION = new ActionDefinition(POST_MESSAGE,
            "Posts a message to a Slack channel, or as a reply in a thread.", RiskLevel.WRITE, """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "properties": {
               "channel": {"type": "string", "minLength": 1, "maxLength": 255,
                 "description": "Channel ID, e.g. C0123456789 (see list_channels); a user ID posts to the app's DM"},
               "text": {"type": "string", "minLength": 1, "maxLength": 40000,
                 "description": "Message text in Slack mrkdwn; with blocks, the notification fallback"},
               "thread_ts": {"type": "string", "pattern": "^[0-9]+\\\\.[0-9]+$",
                 "description": "ts of the parent message to reply in its thread"},
               "blocks": {"type": "array", "minItems": 1, "maxItems": 50,
                 "items": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}},
                 "description": "Block Kit blocks for a rich layout"}
             },
             "required": ["channel", "text"],
             "additionalProperties": false}""");

    static final ActionDefinition LIST_CHANNELS_ACTION = new ActionDefinition(LIST_CHANNELS,
            "Lists the workspace's channels (one page) to find a channel's ID.", RiskLevel.READ, """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "properties": {
               "types": {"type": "array", "minItems": 1, "uniqueItems": true, "default": ["public_channel"],
                 "items": {"enum": ["public_channel", "private_channel", "mpim", "im"]},
                 "description": "Conversation types; private ones need the groups:read scope"},
               "limit": {"type": "integer", "minimum": 1, "maximum": 200, "default": 100},
               "cursor": {"type": "string", "minLength": 1, "description": "next_cursor of the previous page"},
               "exclude_archived": {"type": "boolean", "default": true}
             },
             "additionalProperties": false}""");

    static final List<ActionDefinition> ACTIONS = List.of(POST_MESSAGE_ACTION, LIST_CHANNELS_ACTION);

    static final String GUIDE = """
            # Slack

            Posts to the connected Slack workspace as its Switchboard app (bot token).

            | Action | Risk | Parameters |
            |---|---|---|
            | `list_channels` | read | optional `types`, `limit` (≤ 200), `cursor`, `exclude_archived` |
            | `post_message` | write | `channel`, `text`; optional `thread_ts`, `blocks` |

            - Find the channel's ID with `list_channels` (`is_member` says whether the app is in it); when the result
              has `next_cursor`, pass it as `cursor` for the next page.
            - The app can post only where it is a member (`not_in_channel` otherwise) unless it has the
              `chat:write.public` scope; invite it with `/invite @<app>`.
            - To reply in a thread, pass the parent message's `ts` as `thread_ts`. `post_message` returns the new
              message's `channel` and `ts`.
            - `text` is Slack mrkdwn (`*bold*`, `_italic_`, `<https://example.com|link>`, `<@U0123>` mentions). With
              `blocks`, `text` is the notification fallback.
            - Retries: each post carries a `client_msg_id` derived from the invocation, so a retried invocation sends
              the same id. Slack does not document deduplication on it; do not repeat a post yourself after a timeout
              without checking the channel first.

            Examples:
            ```
            list_channels {"limit": 50}
            post_message {"channel": "C0123456789", "text": "Deploy finished :white_check_mark:"}
            post_message {"channel": "C0123456789", "thread_ts": "1503435956.000247", "text": "Details: ..."}
            ```
            """;

    private SlackActionCatalog() {
    }
}
