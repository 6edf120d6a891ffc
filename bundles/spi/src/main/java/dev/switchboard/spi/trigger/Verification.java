package dev.switchboard.spi.trigger;

import java.util.Objects;

/**
 * Outcome of {@link TriggerSource#verify}: the request is authentic, or the reason it is not.
 * A rejected request is answered {@code 401} and never parsed.
 *
 * @param valid  whether the request is authentic and fresh
 * @param reason why it was rejected (e.g. {@code signature mismatch}, {@code timestamp too old});
 *               empty when valid; never contains the secret or the expected signature
 */
public record Verification(boolean valid, String reason) {

    private static final Verification ACCEPTED = new Verification(true, "");

    public Verification {
        Objects.requireNonNull(reason, "reason");
        if (!valid && reason.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a reason");
        }
        if (valid && !reason.isEmpty()) {
            throw new IllegalArgumentException("an accepted request has no reason");
        }
    }

    /** The request is authentic. */
    public static Verification accepted() {
        return ACCEPTED;
    }

    /** The request is not authentic, because of {@code reason}. */
    public static Verification rejected(String reason) {
        return new Verification(false, reason);
    }
}
