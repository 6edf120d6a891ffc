package dev.switchboard.integrations.github.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Branch names as git allows them ({@code git check-ref-format --branch}), and their form in a REST path: each
 * segment percent-encoded, the slashes kept, as GitHub expects in {@code /git/refs/heads/feature/login}.
 */
public final class BranchNames {

    private static final String HEADS = "refs/heads/";
    private static final Pattern FORBIDDEN = Pattern.compile("[\\p{Cntrl} ~^:?*\\[\\\\]|\\.\\.|@\\{|//");

    private BranchNames() {
    }

    /** The branch without a leading {@code refs/heads/}, if {@code name} is a valid branch name. */
    public static Optional<String> normalize(String name) {
        String branch = name.startsWith(HEADS) ? name.substring(HEADS.length()) : name;
        if (branch.isEmpty() || "@".equals(branch) || branch.startsWith("/") || branch.endsWith("/")
                || branch.endsWith(".") || branch.startsWith("-") || FORBIDDEN.matcher(branch).find()) {
            return Optional.empty();
        }
        for (String segment : branch.split("/")) {
            if (segment.startsWith(".") || segment.endsWith(".lock")) {
                return Optional.empty();
            }
        }
        return Optional.of(branch);
    }

    /** {@code branch} (valid) as path segments. */
    public static String path(String branch) {
        return Arrays.stream(branch.split("/"))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }
}
