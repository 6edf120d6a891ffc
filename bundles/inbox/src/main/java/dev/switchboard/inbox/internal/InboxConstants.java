package dev.switchboard.inbox.internal;

import java.util.Set;

/** The inbox's outbox kinds, statuses, limits and configuration keys, in one place. */
final class InboxConstants {

    /** {@code etc/dev.switchboard.inbox.cfg}. */
    static final String PID = "dev.switchboard.inbox";
    static final String CONSOLE_URL = "console.url";
    static final String DEFAULT_CONSOLE_URL = "http://localhost:8181/console";

    /** Matches one message and acts on the result. */
    static final String MATCH_MESSAGE = "match_message";
    /** Sends one notification of a matched message to one target. */
    static final String NOTIFY_MESSAGE = "notify_message";

    static final String RECEIVED = "received";
    static final String MATCHED = "matched";
    static final String ACTED = "acted";
    static final String FELL_THROUGH = "fell_through";
    static final String UNHANDLED = "unhandled";
    static final String FAILED = "failed";
    static final Set<String> STATUSES = Set.of(RECEIVED, MATCHED, ACTED, FELL_THROUGH, UNHANDLED, FAILED);

    static final Set<String> SOURCES = Set.of("message", "email");
    static final String DEFAULT_SOURCE = "message";

    static final int MAX_TEXT = 100_000;
    static final int MAX_SENDER = 320;
    static final int MAX_SUBJECT = 500;
    static final int MAX_RESULT = 2_000;
    static final int MAX_ERROR = 1_000;
    static final int MAX_TITLE = 120;
    static final int MAX_TARGETS = 10;
    static final int PREVIEW = 200;
    /** A run's context is at most 64 KiB as JSON; the message text is cut to leave room for the rest. */
    static final int MAX_RUN_CONTEXT = 60 * 1024;
    /** Tries of a custom executor that throws before the message is marked failed. */
    static final int EXECUTOR_ATTEMPTS = 3;

    /** Notifications of matched messages have this status. */
    static final String NOTIFICATION_STATUS = "matched";

    private InboxConstants() {
    }
}
