package dev.switchboard.foundation;

/** A database operation failed for a reason other than the database being unreachable. */
public class PersistenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
