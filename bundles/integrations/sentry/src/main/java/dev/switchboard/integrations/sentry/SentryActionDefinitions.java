package dev.switchboard.integrations.sentry;

import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.RiskLevel;

import java.util.List;

/** The Sentry actions as the engine and the agent see them: names, risk levels, parameter schemas, guide. */
final class SentryActionDefinitions {

    static final String LIST_ISSUES = "list_issues";
    static final String GET_ISSUE = "get_issue";
    static final String LIST_ISSUE_EVENTS = "list_issue_events";
    static final String GET_EVENT = "get_event";
    static final String UPDATE_ISSUE = "update_issue";

    static final String CONFIG_SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "properties": {
               "baseUrl": {"type": "string", "format": "uri", "default": "https://sentry.io",
                           "description": "Sentry web and API root; set it for a self-hosted Sentry"},
               "organization": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$",
                                "description": "Organization slug used when an issue action names none"}}}""";

    private static final String SLUG = "^[A-Za-z0-9][A-Za-z0-9_-]*$";
    private static final String ORGANIZATION = """
            {"type": "string", "pattern": "%s",
             "description": "Organization slug; default: the configured organization"}""".formatted(SLUG);
    private static final String ISSUE_ID = """
            {"type": ["string", "integer"], "pattern": "%s", "minimum": 0,
             "description": "Numeric issue id, e.g. 4509876543"}""".formatted(SLUG);
    private static final String CURSOR = """
            {"type": "string", "minLength": 1, "description": "nextCursor of the previous page"}""";

    static final List<ActionDefinition> ALL = List.of(
            new ActionDefinition(LIST_ISSUES, "Lists a project's issues matching a Sentry search query.",
                    RiskLevel.READ, """
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "type": "object",
                     "properties": {
                       "organization": {"type": "string", "pattern": "%1$s", "description": "Organization slug"},
                       "project": {"type": "string", "pattern": "%1$s", "description": "Project slug"},
                       "query": {"type": "string",
                                 "description": "Sentry search, e.g. is:unresolved level:error; default is:unresolved; empty: all"},
                       "cursor": %2$s},
                     "required": ["organization", "project"],
                     "additionalProperties": false}""".formatted(SLUG, CURSOR)),
            new ActionDefinition(GET_ISSUE, "Reads one issue: title, culprit, status, counts, assignee.",
                    RiskLevel.READ, """
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "type": "object",
                     "properties": {"issueId": %s, "organization": %s},
                     "required": ["issueId"],
                     "additionalProperties": false}""".formatted(ISSUE_ID, ORGANIZATION)),
            new ActionDefinition(LIST_ISSUE_EVENTS, "Lists an issue's events, newest first, with their tags.",
                    RiskLevel.READ, """
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "type": "object",
                     "properties": {"issueId": %s, "organization": %s, "cursor": %s},
                     "required": ["issueId"],
                     "additionalProperties": false}""".formatted(ISSUE_ID, ORGANIZATION, CURSOR)),
            new ActionDefinition(GET_EVENT, "Reads one event of an issue with its exceptions and stack frames.",
                    RiskLevel.READ, """
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "type": "object",
                     "properties": {
                       "issueId": %s,
                       "eventId": {"type": "string", "pattern": "%s",
                                   "description": "Event id (32 hex digits), or latest, oldest or recommended"},
                       "organization": %s},
                     "required": ["issueId", "eventId"],
                     "additionalProperties": false}""".formatted(ISSUE_ID, SLUG, ORGANIZATION)),
            new ActionDefinition(UPDATE_ISSUE, "Resolves, unresolves or ignores an issue, or changes its assignee.",
                    RiskLevel.WRITE, """
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "type": "object",
                     "properties": {
                       "issueId": %s,
                       "organization": %s,
                       "status": {"type": "string", "enum": ["resolved", "unresolved", "ignored"]},
                       "assignedTo": {"type": "string",
                                      "description": "user:<id>, team:<id>, a username or e-mail; empty unassigns"}},
                     "required": ["issueId"],
                     "anyOf": [{"required": ["status"]}, {"required": ["assignedTo"]}],
                     "additionalProperties": false}""".formatted(ISSUE_ID, ORGANIZATION)));

    static final String GUIDE = """
            # Sentry actions

            Reads run at once; `update_issue` waits for a person's approval (or a grant). Issue actions take
            the numeric `issueId` (in the issue URL, `/issues/<id>/`) and an optional `organization` slug (default:
            the configured one).

            ## Read
            - `list_issues` — a project's issues; `query` is Sentry search syntax (default `is:unresolved`, empty
              for all). Pass the answer's `nextCursor` as `cursor` for the next page.
              `{"organization": "acme", "project": "web", "query": "is:unresolved level:error"}`
            - `get_issue` — title, culprit, status, event and user counts, first and last seen, assignee.
              `{"issueId": "4509876543"}`
            - `list_issue_events` — the issue's events, newest first, with tags (release, browser, ...).
              `{"issueId": "4509876543"}`
            - `get_event` — one event with its exceptions and the %d stack frames nearest the crash; `eventId`
              may be `latest`, `oldest` or `recommended`.
              `{"issueId": "4509876543", "eventId": "latest"}`

            ## Write (needs approval)
            - `update_issue` — `status` (`resolved`, `unresolved`, `ignored`) and/or `assignedTo`
              (`user:<id>`, `team:<id>`, username or e-mail; `""` unassigns).
              `{"issueId": "4509876543", "status": "resolved"}`
            """.formatted(SentryResults.MAX_FRAMES);

    private SentryActionDefinitions() {
    }
}
