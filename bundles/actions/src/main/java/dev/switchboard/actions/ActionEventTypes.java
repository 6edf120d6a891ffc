package dev.switchboard.actions;

/** The {@code event} names of the action event streams (server-sent events). */
public final class ActionEventTypes {

    /** A write action waits for a person's decision. */
    public static final String APPROVAL_REQUEST = "action_approval_request";

    /** An invocation ran: {@code status} is {@code completed} or {@code failed}. */
    public static final String COMPLETED = "action_completed";

    /** A pending invocation was decided without running: {@code status} is {@code denied} or {@code expired}. */
    public static final String APPROVAL_RESULT = "action_approval_result";

    private ActionEventTypes() {
    }
}
