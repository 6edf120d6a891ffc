package dev.switchboard.foundation;

/** No connection to PostgreSQL could be had; callers answer 503 and retry later. */
public class DatabaseUnavailableException extends PersistenceException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
