package dev.switchboard.spi.provider;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Credentials a person entered are not acceptable (see {@link ProviderAdapter#acceptCredentials}): a wrong key,
 * a feed that reveals more than it should, an address that is refused. The engine answers {@code 400} with
 * {@link #code()} as the problem's code and the message as its detail, and stores nothing. The message is
 * shown to that person, so it says what to do, and it never contains the credential itself, a response body
 * or an internal address.
 */
public final class CredentialsRejectedException extends Exception {

    private static final long serialVersionUID = 1L;
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final String code;
    private final String field;

    /**
     * @param code    stable and machine-readable, lower_snake, e.g. {@code calendar_not_free_busy}
     * @param field   the credential field at fault (e.g. {@code url}), or {@code null}
     * @param message for the person who entered the credentials
     */
    public CredentialsRejectedException(String code, String field, String message) {
        super(Objects.requireNonNull(message, "message"));
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("code must match " + CODE + ": " + code);
        }
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    /** The credential field at fault, or {@code null}. */
    public String field() {
        return field;
    }
}
