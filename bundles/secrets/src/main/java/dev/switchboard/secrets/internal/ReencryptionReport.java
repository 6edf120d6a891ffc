package dev.switchboard.secrets.internal;

import java.util.List;

/**
 * The outcome of re-encrypting under {@code activeKeyId}: one result per participant, by name.
 * {@code complete} is false when any participant failed; running again is safe.
 */
public record ReencryptionReport(String activeKeyId, List<Result> participants, long total, boolean complete) {

    /** One participant's count, or its error (never a value). */
    public record Result(String name, long reencrypted, String error) {
    }
}
