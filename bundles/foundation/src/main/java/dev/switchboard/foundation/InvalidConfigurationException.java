package dev.switchboard.foundation;

/** A configuration value that cannot be used; the message names the pid, key, value and expected form. */
public class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String pid;
    private final String key;

    public InvalidConfigurationException(String pid, String key, String value, String expected) {
        super("invalid configuration etc/" + pid + ".cfg: " + key + " = '" + value + "', expected " + expected);
        this.pid = pid;
        this.key = key;
    }

    public String pid() {
        return pid;
    }

    public String key() {
        return key;
    }
}
