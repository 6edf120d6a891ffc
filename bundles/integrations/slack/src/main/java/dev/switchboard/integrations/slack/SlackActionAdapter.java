package dev.switchboard.integrations.slack;

import static dev.switchboard.integrations.slack.SlackActionCatalog.CONVERSATION_TYPES;
import static dev.switchboard.integrations.slack.SlackActionCatalog.DEFAULT_LIMIT;
import static dev.switchboard.integrations.slack.SlackActionCatalog.LIST_CHANNELS;
import static dev.switchboard.integrations.slack.SlackActionCatalog.MAX_BLOCKS;
import static dev.switchboard.integrations.slack.SlackActionCatalog.MAX_LIMIT;
import static dev.switchboard.integrations.slack.SlackActionCatalog.MAX_TEXT;
import static dev.switchboard.integrations.slack.SlackActionCatalog.POST_MESSAGE;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import dev.switchboard.spi.provider.ProviderException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Slack actions over the Web API with the workspace's bot token: {@code post_message} (chat.postMessage, write)
 * and {@code list_channels} (conversations.list, read, one capped page) to find channel IDs.
 *
 * <p><b>Idempotency.</b> {@code post_message} sends {@code client_msg_id}: a UUID derived from the request's
 * idempotency key, so every retry of one invocation carries the same id. Slack's semantics, as far as they are
 * documented: {@code client_msg_id} is not among chat.postMessage's documented arguments, but the method's
 * documented errors refer to it ({@code duplicate_channel_not_found}: "Channel associated with client_msg_id was
 * invalid", {@code duplicate_message_not_found}: "No duplicate message exists associated with client_msg_id"), so
 * Slack does track messages by it. Neither the deduplication window nor what a duplicate returns is documented, so
 * it is a best effort, not a guarantee. The retry the SPI allows (after {@code UNAUTHORIZED}) is safe regardless:
 * Slack posted nothing when it rejected the token.
 */
@Component(service = ActionAdapter.class)
public final class SlackActionAdapter implements ActionAdapter {

    private static final Pattern THREAD_TS = Pattern.compile("[0-9]{1,20}\\.[0-9]{1,20}");
    private static final String CLIENT_MSG_ID_NAMESPACE = "switchboard:slack:post_message:";

    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(SlackConstants.ID, "Slack", "1.0.0",
            "Posts messages to, and lists the channels of, the connected Slack workspace as its app.", """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "properties": {
               "apiBaseUrl": {"type": "string", "format": "uri", "default": "https://slack.com/api",
                 "title": "Web API base URL"}
             },
             "additionalProperties": false}""", Set.of());

    private final HttpClient http;

    @Activate
    public SlackActionAdapter() {
        // HTTP/1.1: no h2c upgrade against plain-http test servers; a redirect would carry the token elsewhere
        this(HttpClient.newBuilder().connectTimeout(SlackConstants.CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    SlackActionAdapter(HttpClient http) {
        this.http = http;
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public String service() {
        return SlackConstants.SERVICE;
    }

    @Override
    public List<ActionDefinition> actions() {
        return SlackActionCatalog.ACTIONS;
    }

    @Override
    public String guide() {
        return SlackActionCatalog.GUIDE;
    }

    @Override
    public ActionResult execute(ActionRequest request, AccessToken token) throws ActionException {
        return switch (request.action()) {
            case POST_MESSAGE -> postMessage(request, token);
            case LIST_CHANNELS -> listChannels(request, token);
            default -> throw ActionException.notFound("unknown Slack action: " + request.action());
        };
    }

    private ActionResult postMessage(ActionRequest request, AccessToken token) throws ActionException {
        SlackActionParams params = new SlackActionParams(request.params());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", params.requiredText("channel", 255));
        body.put("text", params.requiredText("text", MAX_TEXT));
        String threadTs = params.optionalMatching("thread_ts", THREAD_TS,
                "must be a message ts such as 1503435956.000247");
        List<Object> blocks = params.optionalBlocks("blocks", MAX_BLOCKS);
        params.check();
        if (threadTs != null) {
            body.put("thread_ts", threadTs);
        }
        if (blocks != null) {
            body.put("blocks", blocks);
        }
        request.optionalIdempotencyKey().ifPresent(key -> body.put("client_msg_id", clientMsgId(key)));
        Map<String, Object> answer = SlackWebCall.open(http, request, token, SlackActionCatalog.POST_MESSAGE_PARAMS)
                .postJson("chat.postMessage", body);
        Map<String, Object> result = new LinkedHashMap<>();
        copyText(answer, "channel", result);
        copyText(answer, "ts", result);
        if (threadTs != null) {
            result.put("thread_ts", threadTs);
        }
        return ActionResult.of(result);
    }

    private ActionResult listChannels(ActionRequest request, AccessToken token) throws ActionException {
        SlackActionParams params = new SlackActionParams(request.params());
        List<String> types = params.optionalEnums("types", CONVERSATION_TYPES, List.of("public_channel"));
        int limit = params.optionalInt("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        String cursor = params.optionalText("cursor", 1000);
        boolean excludeArchived = params.optionalBoolean("exclude_archived", true);
        params.check();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("types", String.join(",", types));
        query.put("exclude_archived", Boolean.toString(excludeArchived));
        query.put("limit", Integer.toString(limit));
        if (cursor != null) {
            query.put("cursor", cursor);
        }
        Map<String, Object> page = SlackWebCall.open(http, request, token, SlackActionCatalog.LIST_CHANNELS_PARAMS)
                .get(SlackConstants.CONVERSATIONS_METHOD, query);
        List<Map<String, Object>> channels = new ArrayList<>();
        String next;
        try {
            next = SlackChannelsQuery.addChannels(page, channels, limit);
        } catch (ProviderException e) {
            throw ActionException.upstream(200, LIST_CHANNELS + ": " + e.getMessage(), null);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("channels", channels);
        result.put("count", channels.size());
        if (!next.isEmpty()) {
            result.put("next_cursor", next);
        }
        return ActionResult.of(result);
    }

    /** A UUID (the form Slack's own clients use) that is the same for every retry of one invocation. */
    static String clientMsgId(String idempotencyKey) {
        return UUID.nameUUIDFromBytes((CLIENT_MSG_ID_NAMESPACE + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static void copyText(Map<String, Object> from, String field, Map<String, Object> to) {
        if (from.get(field) instanceof String value) {
            to.put(field, value);
        }
    }
}
