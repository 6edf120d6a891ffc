package dev.switchboard.integrations.linear;

import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.RiskLevel;

import java.util.List;

/** The Linear actions as the engine and the agent see them: names, risk levels, parameter schemas, guide. */
final class LinearActionDefinitions {

    static final String LIST_ISSUES = "list_issues";
    static final String GET_ISSUE = "get_issue";
    static final String CREATE_ISSUE = "create_issue";
    static final String UPDATE_ISSUE = "update_issue";
    static final String ADD_COMMENT = "add_comment";
    static final String DELETE_ISSUE = "delete_issue";

    /** Most issues one {@code list_issues} call returns (Linear page cap). */
    static final int PAGE_CAP = 50;
    static final int DEFAULT_PAGE = 25;

    static final String CONFIG_SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "properties": {
               "apiBaseUrl": {"type": "string", "format": "uri", "default": "https://api.linear.app",
                              "description": "Linear API root hosting /graphql; change only for proxies and tests"}}}""";

    private static final String ISSUE_REF = """
            {"type": "string", "minLength": 1, "description": "Issue id or identifier such as ENG-123"}""";
    private static final String PRIORITY = """
            {"type": "integer", "minimum": 0, "maximum": 4,
             "description": "0 none, 1 urgent, 2 high, 3 medium, 4 low"}""";
    private static final String LABEL_IDS = """
            {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": true,
             "description": "Label ids; replaces the issue's labels"}""";

    static final List<ActionDefinition> ALL = List.of(
            new ActionDefinition(LIST_ISSUES, "Lists issues, most recently updated first, filtered by team, state, "
                    + "assignee, project or text; at most " + PAGE_CAP + " per call.", RiskLevel.READ, """
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "type": "object",
                     "properties": {
                       "team": {"type": "string", "minLength": 1, "description": "Team key such as ENG, or the team id"},
                       "state": {"type": "string", "minLength": 1,
                                 "description": "Workflow state name such as In Progress (any case)"},
                       "assignee": {"type": "string", "minLength": 1,
                                    "description": "me, an e-mail address, a user id or a user name"},
                       "projectId": {"type": "string", "minLength": 1, "description": "Only issues of this project"},
                       "query": {"type": "string", "minLength": 1,
                                 "description": "Text the title or description contains (any case)"},
                       "first": {"type": "integer", "minimum": 1, "maximum": %d, "default": %d,
                                 "description": "Issues per page"},
                       "after": {"type": "string", "minLength": 1, "description": "nextCursor of the previous page"}},
                     "additionalProperties": false}""".formatted(PAGE_CAP, DEFAULT_PAGE)),
            new ActionDefinition(GET_ISSUE, "Reads one issue with its description and first 20 comments.",
                    RiskLevel.READ, """
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "type": "object",
                     "properties": {"issueId": %s},
                     "required": ["issueId"],
                     "additionalProperties": false}""".formatted(ISSUE_REF)),
            new ActionDefinition(CREATE_ISSUE, "Creates an issue in a team.", RiskLevel.WRITE, """
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "type": "object",
                     "properties": {
                       "teamId": {"type": "string", "minLength": 1, "description": "Id of the team that owns the issue"},
                       "title": {"type": "string", "minLength": 1},
                       "description": {"type": "string", "description": "Markdown"},
                       "priority": %s,
                       "labelIds": %s,
                       "assigneeId": {"type": "string", "minLength": 1, "description": "User id"},
                       "stateId": {"type": "string", "minLength": 1, "description": "Workflow state id"},
                       "projectId": {"type": "string", "minLength": 1}},
                     "required": ["teamId", "title"],
                     "additionalProperties": false}""".formatted(PRIORITY, LABEL_IDS)),
            new ActionDefinition(UPDATE_ISSUE, "Changes an issue's title, description, priority, labels, assignee, "
                    + "state or project.", RiskLevel.WRITE, """
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "type": "object",
                     "properties": {
                       "issueId": %s,
                       "title": {"type": "string", "minLength": 1},
                       "description": {"type": "string", "description": "Markdown"},
                       "priority": %s,
                       "labelIds": %s,
                       "assigneeId": {"type": ["string", "null"], "minLength": 1,
                                      "description": "User id; null unassigns"},
                       "stateId": {"type": "string", "minLength": 1, "description": "Workflow state id"},
                       "projectId": {"type": "string", "minLength": 1}},
                     "required": ["issueId"],
                     "minProperties": 2,
                     "additionalProperties": false}""".formatted(ISSUE_REF, PRIORITY, LABEL_IDS)),
            new ActionDefinition(ADD_COMMENT, "Adds a markdown comment to an issue.", RiskLevel.WRITE, """
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "type": "object",
                     "properties": {
                       "issueId": %s,
                       "body": {"type": "string", "minLength": 1, "description": "Markdown"}},
                     "required": ["issueId", "body"],
                     "additionalProperties": false}""".formatted(ISSUE_REF)),
            new ActionDefinition(DELETE_ISSUE, "Deletes an issue (Linear keeps it in the trash for 30 days).",
                    RiskLevel.DANGER, """
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "type": "object",
                     "properties": {"issueId": %s},
                     "required": ["issueId"],
                     "additionalProperties": false}""".formatted(ISSUE_REF)));

    static final String GUIDE = """
            # Linear actions

            Issues are named by id or by identifier (`ENG-123`). Reads run at once; writes wait for a person's
            approval (or a grant); `delete_issue` is denied unless policy allows it.

            ## Read
            - `list_issues` — find issues. All filters are optional and combine: `team` (key `ENG` or id),
              `state` (name, e.g. `In Progress`), `assignee` (`me`, e-mail, id or name), `projectId`, `query`
              (text in title or description). Most recently updated first, `first` up to 50 (default 25); pass the
              answer's `nextCursor` as `after` for the next page.
              `{"team": "ENG", "state": "Todo", "assignee": "me"}`
            - `get_issue` — one issue with description and first 20 comments.
              `{"issueId": "ENG-123"}`

            ## Write (needs approval)
            - `create_issue` — `teamId` and `title` required; `description` (markdown), `priority` (0 none,
              1 urgent, 2 high, 3 medium, 4 low), `labelIds`, `assigneeId`, `stateId`, `projectId`.
              `{"teamId": "<team id>", "title": "Checkout fails on Safari", "priority": 2}`
            - `update_issue` — `issueId` plus at least one field to change (same fields as `create_issue`;
              `"assigneeId": null` unassigns, `labelIds` replaces the labels).
              `{"issueId": "ENG-123", "stateId": "<state id>"}`
            - `add_comment` — `{"issueId": "ENG-123", "body": "Fixed in #42"}`

            ## Danger (denied by default)
            - `delete_issue` — moves the issue to Linear's trash. `{"issueId": "ENG-123"}`

            Ids for `teamId`, `stateId`, `assigneeId` and `labelIds` are in the `team`, `state`, `assignee` and
            `labels` of issues from `list_issues` or `get_issue`. A retried create does not create a second issue
            or comment; the answer then says `"replayed": true`.
            """;

    private LinearActionDefinitions() {
    }
}
