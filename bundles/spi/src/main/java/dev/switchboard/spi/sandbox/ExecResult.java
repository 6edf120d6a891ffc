package dev.switchboard.spi.sandbox;

import java.util.Objects;

/**
 * Outcome of a command run in a sandbox. Output longer than {@link #MAX_OUTPUT_CHARS} is cut, keeping
 * its end (where errors usually are) after a {@link #TRUNCATION_MARKER}.
 *
 * @param exitCode the process exit code
 * @param stdout   standard output, at most {@link #MAX_OUTPUT_CHARS} characters
 * @param stderr   standard error, at most {@link #MAX_OUTPUT_CHARS} characters
 */
public record ExecResult(int exitCode, String stdout, String stderr) {

    /** Output cap per stream: 16 KiB of characters. */
    public static final int MAX_OUTPUT_CHARS = 16 * 1024;
    /** Prefix of output that was cut. */
    public static final String TRUNCATION_MARKER = "[truncated]\n";

    public ExecResult {
        stdout = cap(Objects.requireNonNullElse(stdout, ""));
        stderr = cap(Objects.requireNonNullElse(stderr, ""));
    }

    /** Whether the command exited with 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    private static String cap(String output) {
        if (output.length() <= MAX_OUTPUT_CHARS) {
            return output;
        }
        int keep = MAX_OUTPUT_CHARS - TRUNCATION_MARKER.length();
        return TRUNCATION_MARKER + output.substring(output.length() - keep);
    }
}
