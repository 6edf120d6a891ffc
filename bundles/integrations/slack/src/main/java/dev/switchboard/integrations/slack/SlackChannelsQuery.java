package dev.switchboard.integrations.slack;

import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the {@code channels} look-up asks for (from the adapter's config) and how a page is read. */
record SlackChannelsQuery(String types, int max) {

    static SlackChannelsQuery from(Map<String, Object> config) {
        String types = "public_channel";
        if (config.get("channelTypes") instanceof List<?> list && !list.isEmpty()) {
            types = String.join(",", list.stream().map(String::valueOf).toList());
        }
        int max = SlackConstants.DEFAULT_MAX_CHANNELS;
        if (config.get("maxChannels") instanceof Number number && number.intValue() > 0) {
            max = number.intValue();
        }
        return new SlackChannelsQuery(types, max);
    }

    /** Adds the page's channels to {@code into} (up to {@code max}) and returns the next cursor, empty at the end. */
    static String addChannels(Map<String, Object> page, List<Map<String, Object>> into, int max)
            throws ProviderException {
        if (!(page.get("channels") instanceof List<?> channels)) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "Slack conversations.list returned no channels");
        }
        for (Object element : channels) {
            if (into.size() >= max) {
                return "";
            }
            if (element instanceof Map<?, ?> channel && channel.get("id") instanceof String id) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", id);
                row.put("name", channel.get("name") instanceof String name ? name : id);
                row.put("is_private", Boolean.TRUE.equals(channel.get("is_private")));
                row.put("is_member", Boolean.TRUE.equals(channel.get("is_member")));
                into.add(row);
            }
        }
        if (page.get("response_metadata") instanceof Map<?, ?> metadata
                && metadata.get("next_cursor") instanceof String next) {
            return next;
        }
        return "";
    }
}
