package dev.switchboard.integrations.github.internal;

import java.util.regex.Pattern;

/**
 * The repository an action names by {@code owner} and {@code repo}. Both are checked against GitHub's naming
 * rules before they go into a path, so a parameter can never climb out of {@code /repos/{owner}/{repo}}.
 */
public record RepoRef(String owner, String repo) {

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    private static final Pattern REPO = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._-]{1,100}");

    /** Reads {@code owner} and {@code repo}; problems go to {@code params}. */
    public static RepoRef read(ActionParams params) {
        String owner = params.requiredMatching("owner", OWNER,
                "must be a GitHub user or organization name (letters, digits, '-', '_')");
        String repo = params.requiredMatching("repo", REPO,
                "must be a repository name without the owner (letters, digits, '.', '-', '_')");
        return new RepoRef(owner, repo);
    }

    /** {@code /repos/{owner}/{repo}} followed by {@code suffix}. */
    public String path(String suffix) {
        return "/repos/" + owner + "/" + repo + suffix;
    }
}
