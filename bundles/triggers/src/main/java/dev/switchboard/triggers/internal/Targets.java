package dev.switchboard.triggers.internal;

import dev.switchboard.inbox.Inbox;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.runs.Automations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where a trigger's events or a schedule's fires go: runs of an automation, a skill by name (its act, no matching),
 * or, for triggers only, the inbox (matched against the organization's skills like emails or messages).
 *
 * <p>Requests give either {@code automationId} or {@code target}: {@code {"type": "automation", "automationId"}},
 * {@code {"type": "skill", "skill": "<slug>"}} or {@code {"type": "inbox", "messageSource": "email" | "message"}}.
 */
record Targets(String kind, UUID automationId, String skill, String messageSource) {

    static final String AUTOMATION = "automation";
    static final String SKILL = "skill";
    static final String INBOX = "inbox";
    /** Skill slugs, as the skills bundle defines them. */
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /**
     * The validated target of a create request; {@code inboxSource} is the inbox message source ({@code event} for
     * triggers, {@code schedule} for schedules), {@code null} where the inbox is not a target.
     */
    static Targets parse(UUID organizationId, String automationId, Map<String, Object> target, String inboxSource,
                         String defaultMessageSource, Automations automations, InboxLink inbox) {
        if (target == null) {
            return automation(organizationId, Inputs.uuid("automationId", automationId, true), "automationId",
                    automations);
        }
        String type = text(target.get("type"));
        if (automationId != null && !automationId.isBlank() && !AUTOMATION.equals(type)) {
            throw Inputs.invalid("target", "give either automationId or target, not both");
        }
        if (type == null) {
            throw Inputs.invalid("target.type", "is required: automation, skill" + (inboxSource == null ? "" : " or inbox"));
        }
        switch (type) {
            case AUTOMATION -> {
                UUID id = Inputs.uuid("target.automationId", text(target.get("automationId")), automationId == null);
                UUID given = Inputs.uuid("automationId", automationId, false);
                if (id != null && given != null && !id.equals(given)) {
                    throw Inputs.invalid("target.automationId", "differs from automationId");
                }
                return automation(organizationId, id == null ? given : id, "target.automationId", automations);
            }
            case SKILL -> {
                String slug = text(target.get("skill"));
                if (slug == null || !SLUG.matcher(slug).matches()) {
                    throw Inputs.invalid("target.skill", "must be the slug of a skill (lower-case letters, digits, '-')");
                }
                String problem = inbox(inbox).targetProblem(organizationId, slug, inboxSource).orElse(null);
                if (problem != null) {
                    throw Inputs.invalid("target.skill", problem.startsWith("skill ") ? "names a " + problem : problem);
                }
                return new Targets(SKILL, null, slug, null);
            }
            case INBOX -> {
                if (!"event".equals(inboxSource)) {
                    throw Inputs.invalid("target.type", "must be automation or skill");
                }
                String source = text(target.get("messageSource"));
                source = source == null ? defaultMessageSource : source;
                if (!List.of("email", "message").contains(source)) {
                    throw Inputs.invalid("target.messageSource", "must be email or message");
                }
                inbox(inbox);
                return new Targets(INBOX, null, null, source);
            }
            default -> throw Inputs.invalid("target.type", "must be automation, skill"
                    + ("event".equals(inboxSource) ? " or inbox" : ""));
        }
    }

    private static Targets automation(UUID organizationId, UUID id, String field, Automations automations) {
        if (automations.get(organizationId, id).isEmpty()) {
            throw Inputs.invalid(field, "is not an automation of the organization");
        }
        return new Targets(AUTOMATION, id, null, null);
    }

    /** As the API shows it. */
    static Map<String, Object> view(String kind, UUID automationId, String skill, String messageSource) {
        Map<String, Object> view = new LinkedHashMap<>();
        String type = kind == null ? AUTOMATION : kind;
        view.put("type", type);
        switch (type) {
            case SKILL -> view.put("skill", skill);
            case INBOX -> view.put("messageSource", messageSource);
            default -> view.put("automationId", Objects.toString(automationId, null));
        }
        return view;
    }

    private static String text(Object value) {
        return value instanceof String text && !text.isBlank() ? text.strip() : null;
    }

    /** The inbox, needed for this target; 503 while it is not running. */
    private static Inbox inbox(InboxLink link) {
        return link.get().orElseThrow(() -> new ApiProblem(503, "inbox_unavailable", "Service Unavailable",
                "the inbox is not running; skills and the inbox cannot be targeted now"));
    }
}
