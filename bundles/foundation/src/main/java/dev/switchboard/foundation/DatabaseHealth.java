package dev.switchboard.foundation;

import java.time.Instant;

/** The last known reachability of PostgreSQL, checked periodically in the background. */
public interface DatabaseHealth {

    Status status();

    /**
     * @param up     whether the last check got a valid connection
     * @param detail a short reason when down (no credentials, no URL passwords)
     * @param since  when the state last changed
     */
    record Status(boolean up, String detail, Instant since) {
    }
}
