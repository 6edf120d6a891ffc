package dev.switchboard.secrets.internal;

/** A line of {@code .env} text that cannot be read. The message names the line number, never its text. */
final class EnvParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;

    EnvParseException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
    }

    int line() {
        return line;
    }
}
