package dev.switchboard.inbox.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Messages as the REST API shows them: camelCase, ISO-8601 times, lists without the full text. */
final class MessageViews {

    private MessageViews() {
    }

    /** One message with its text. */
    static Map<String, Object> full(MessageRow row) {
        Map<String, Object> view = common(row);
        view.put("text", row.text());
        return view;
    }

    /** A list item: the first {@value InboxConstants#PREVIEW} characters of the text. */
    static Map<String, Object> item(MessageRow row) {
        Map<String, Object> view = common(row);
        String text = row.text();
        view.put("preview", text.length() <= InboxConstants.PREVIEW ? text : text.substring(0, InboxConstants.PREVIEW));
        return view;
    }

    private static Map<String, Object> common(MessageRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.id().toString());
        view.put("source", row.source());
        view.put("sender", row.sender());
        view.put("subject", row.subject());
        view.put("status", row.status());
        view.put("targetSkill", row.targetSkill());
        view.put("originKey", row.originKey());
        view.put("skill", row.matchedSkill());
        view.put("confidence", row.confidence());
        view.put("fields", InboxJson.object(row.extractedFields()));
        view.put("summary", row.summary());
        view.put("act", InboxJson.object(row.act()));
        view.put("actPending", row.actPending());
        view.put("notMatchedReason", row.notMatchedReason());
        view.put("notMatchedDetail", row.notMatchedDetail());
        view.put("result", row.result());
        view.put("runId", row.runId() == null ? null : row.runId().toString());
        view.put("sessionId", row.sessionId() == null ? null : row.sessionId().toString());
        view.put("error", row.error());
        view.put("postedBy", row.postedBy() == null ? null : row.postedBy().toString());
        view.put("createdAt", String.valueOf(row.createdAt()));
        view.put("processedAt", row.processedAt() == null ? null : row.processedAt().toString());
        return view;
    }
}
