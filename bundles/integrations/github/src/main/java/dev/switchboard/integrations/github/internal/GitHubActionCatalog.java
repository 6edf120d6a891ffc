package dev.switchboard.integrations.github.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.RiskLevel;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The GitHub actions: names, risk levels, parameter schemas (JSON Schema draft 2020-12) and the guide. */
public final class GitHubActionCatalog {

    public static final String LIST_ISSUES = "list_issues";
    public static final String GET_ISSUE = "get_issue";
    public static final String CREATE_ISSUE = "create_issue";
    public static final String ADD_COMMENT = "add_comment";
    public static final String LIST_PULL_REQUESTS = "list_pull_requests";
    public static final String CREATE_REVIEW_COMMENT = "create_review_comment";
    public static final String DELETE_BRANCH = "delete_branch";

    public static final int MAX_PER_PAGE = 50;
    public static final int DEFAULT_PER_PAGE = 30;
    public static final int MAX_PAGE = 1000;
    public static final int MAX_TITLE = 256;
    /** GitHub's limit for issue, comment and review comment bodies. */
    public static final int MAX_BODY = 65536;
    public static final int MAX_LABELS = 20;
    /** GitHub assigns at most 10 users to an issue. */
    public static final int MAX_ASSIGNEES = 10;

    private static final String SCHEMA = "\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"";
    private static final String OWNER = """
            "owner": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$",
              "description": "User or organization that owns the repository, e.g. octocat"}""";
    private static final String REPO = """
            "repo": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,100}$", "not": {"enum": [".", ".."]},
              "description": "Repository name without the owner, e.g. hello-world"}""";
    private static final String PAGING = """
            "per_page": {"type": "integer", "minimum": 1, "maximum": 50, "default": 30,
              "description": "Results per page (at most 50)"},
            "page": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 1,
              "description": "Page to fetch; the result's next_page says whether there is another"}""";
    private static final String STATE = """
            "state": {"type": "string", "enum": ["open", "closed", "all"], "default": "open"}""";

    public static final ActionDefinition LIST_ISSUES_ACTION = new ActionDefinition(LIST_ISSUES,
            "Lists a repository's issues (pull requests left out), newest first.", RiskLevel.READ, schema("""
            %s, %s, %s,
            "labels": {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 20,
              "description": "Only issues carrying all these labels"},
            %s""".formatted(OWNER, REPO, STATE, PAGING), "owner", "repo"));

    public static final ActionDefinition GET_ISSUE_ACTION = new ActionDefinition(GET_ISSUE,
            "Reads one issue (or pull request) with its body.", RiskLevel.READ, schema("""
            %s, %s,
            "issue_number": {"type": "integer", "minimum": 1, "description": "The issue's number, e.g. 1347"}"""
            .formatted(OWNER, REPO), "owner", "repo", "issue_number"));

    public static final ActionDefinition CREATE_ISSUE_ACTION = new ActionDefinition(CREATE_ISSUE,
            "Opens an issue in a repository.", RiskLevel.WRITE, schema("""
            %s, %s,
            "title": {"type": "string", "minLength": 1, "maxLength": 256},
            "body": {"type": "string", "maxLength": 65536, "description": "Markdown"},
            "labels": {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 20,
              "description": "Label names; labels the repository lacks are created (push access needed)"},
            "assignees": {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 10,
              "description": "Logins to assign (push access needed)"}""".formatted(OWNER, REPO),
            "owner", "repo", "title"));

    public static final ActionDefinition ADD_COMMENT_ACTION = new ActionDefinition(ADD_COMMENT,
            "Comments on an issue or pull request (the conversation, not a line of the diff).", RiskLevel.WRITE,
            schema("""
            %s, %s,
            "issue_number": {"type": "integer", "minimum": 1, "description": "Issue or pull request number"},
            "body": {"type": "string", "minLength": 1, "maxLength": 65536, "description": "Markdown"}"""
            .formatted(OWNER, REPO), "owner", "repo", "issue_number", "body"));

    public static final ActionDefinition LIST_PULL_REQUESTS_ACTION = new ActionDefinition(LIST_PULL_REQUESTS,
            "Lists a repository's pull requests, newest first.", RiskLevel.READ, schema("""
            %s, %s, %s,
            %s""".formatted(OWNER, REPO, STATE, PAGING), "owner", "repo"));

    public static final ActionDefinition CREATE_REVIEW_COMMENT_ACTION = new ActionDefinition(CREATE_REVIEW_COMMENT,
            "Comments on one line of a pull request's diff.", RiskLevel.WRITE, schema("""
            %s, %s,
            "pull_number": {"type": "integer", "minimum": 1},
            "body": {"type": "string", "minLength": 1, "maxLength": 65536, "description": "Markdown"},
            "commit_id": {"type": "string", "pattern": "^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$",
              "description": "Full SHA of the commit to comment on, usually the pull request's head_sha"},
            "path": {"type": "string", "minLength": 1, "maxLength": 4096,
              "description": "File path relative to the repository root"},
            "line": {"type": "integer", "minimum": 1, "description": "Line in the diff's version of the file"},
            "side": {"type": "string", "enum": ["LEFT", "RIGHT"], "default": "RIGHT",
              "description": "RIGHT: the new version (added or unchanged lines); LEFT: the old one (deleted lines)"}"""
            .formatted(OWNER, REPO), "owner", "repo", "pull_number", "body", "commit_id", "path", "line"));

    public static final ActionDefinition DELETE_BRANCH_ACTION = new ActionDefinition(DELETE_BRANCH,
            "Deletes a branch. Irreversible for commits no other branch or tag holds.", RiskLevel.DANGER, schema("""
            %s, %s,
            "branch": {"type": "string", "minLength": 1, "maxLength": 255,
              "description": "Branch name, e.g. feature/login (without refs/heads/)"}""".formatted(OWNER, REPO),
            "owner", "repo", "branch"));

    public static final List<ActionDefinition> ACTIONS = List.of(LIST_ISSUES_ACTION, GET_ISSUE_ACTION,
            CREATE_ISSUE_ACTION, ADD_COMMENT_ACTION, LIST_PULL_REQUESTS_ACTION, CREATE_REVIEW_COMMENT_ACTION,
            DELETE_BRANCH_ACTION);

    public static final String GUIDE = """
            # GitHub

            Acts on GitHub repositories with the connected integration's token (an OAuth user token or a GitHub
            App installation token). Repositories are named by `owner` and `repo`, e.g. `octocat` / `hello-world`.

            | Action | Risk | Parameters |
            |---|---|---|
            | `list_issues` | read | `owner`, `repo`; optional `state` (open, closed, all), `labels`, `per_page` (≤ 50), `page` |
            | `get_issue` | read | `owner`, `repo`, `issue_number` |
            | `list_pull_requests` | read | `owner`, `repo`; optional `state`, `per_page` (≤ 50), `page` |
            | `create_issue` | write | `owner`, `repo`, `title`; optional `body`, `labels`, `assignees` |
            | `add_comment` | write | `owner`, `repo`, `issue_number`, `body` |
            | `create_review_comment` | write | `owner`, `repo`, `pull_number`, `body`, `commit_id`, `path`, `line`; optional `side` |
            | `delete_branch` | danger | `owner`, `repo`, `branch` |

            - Write actions wait for a user's approval unless a grant covers them; danger actions are denied unless
              policy allows them.
            - `list_issues` leaves pull requests out (use `list_pull_requests`), so a page may hold fewer than
              `per_page` issues. When a result has `next_page`, pass it as `page` for more.
            - Pull requests are issues too: `get_issue` and `add_comment` accept a pull request's number.
            - `create_review_comment` comments on a line of the diff: take `commit_id` from the pull request's
              `head_sha` (`list_pull_requests`); `line` must be part of the diff, else GitHub rejects it.
            - Bodies are Markdown. Results are trimmed to the useful fields; long bodies are cut at 4000 characters
              (`body_truncated`).
            - GitHub has no idempotency keys: a write that failed with a timeout may have happened; check (e.g. with
              `list_issues`) before repeating it.

            Examples:
            ```
            list_issues {"owner": "octocat", "repo": "hello-world", "labels": ["bug"], "per_page": 10}
            create_issue {"owner": "octocat", "repo": "hello-world", "title": "Login fails on Safari", "body": "Steps: ..."}
            add_comment {"owner": "octocat", "repo": "hello-world", "issue_number": 1347, "body": "Fixed in #1350."}
            create_review_comment {"owner": "octocat", "repo": "hello-world", "pull_number": 12, "commit_id": "6dcb09b5b57875f334f61aebed695e2e4193db5e", "path": "src/app.js", "line": 42, "body": "This can be null."}
            ```
            """;

    private static final Map<String, Set<String>> PARAMS = ACTIONS.stream()
            .collect(Collectors.toUnmodifiableMap(ActionDefinition::name, GitHubActionCatalog::properties));

    private GitHubActionCatalog() {
    }

    /** The parameter names of {@code action} (the properties of its schema). */
    public static Set<String> params(String action) {
        return PARAMS.getOrDefault(action, Set.of());
    }

    private static Set<String> properties(ActionDefinition definition) {
        try {
            Set<String> names = new LinkedHashSet<>();
            new ObjectMapper().readTree(definition.paramsSchema()).path("properties").fieldNames()
                    .forEachRemaining(names::add);
            return Set.copyOf(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("schema of " + definition.name() + " is not JSON", e);
        }
    }

    private static String schema(String properties, String... required) {
        return "{" + SCHEMA + ",\n \"type\": \"object\",\n \"properties\": {\n" + properties + "},\n \"required\": ["
                + String.join(", ", Arrays.stream(required).map(name -> "\"" + name + "\"").toList())
                + "],\n \"additionalProperties\": false}";
    }
}
