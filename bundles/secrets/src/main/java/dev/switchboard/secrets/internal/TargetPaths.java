package dev.switchboard.secrets.internal;

import java.util.regex.Pattern;

/** Where a bundle's env file may be written: relative to the workspace and inside it. */
final class TargetPaths {

    static final int MAX_LENGTH = 500;
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private TargetPaths() {
    }

    /**
     * A relative path of non-empty segments separated by {@code /}: no leading {@code /} or {@code \},
     * no drive letter, no {@code ..} segment, no backslash, no control character.
     */
    static boolean isValid(String path) {
        if (path == null || path.isBlank() || path.length() > MAX_LENGTH || !path.equals(path.strip())) {
            return false;
        }
        if (path.startsWith("/") || path.contains("\\") || DRIVE.matcher(path).matches() || path.endsWith("/")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                return false;
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
