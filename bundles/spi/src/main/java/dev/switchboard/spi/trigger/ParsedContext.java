package dev.switchboard.spi.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The human-meaningful part of an event, used to enrich the automation run and to show the event in the
 * console.
 *
 * @param title         short title, e.g. the issue title; required, enrichment fails without it
 * @param description   longer text (markdown allowed); empty if none
 * @param url           link to the event in the outside service, or {@code null}
 * @param relatedFiles  repository-relative paths the event mentions (e.g. stack-trace frames)
 * @param suggestedRepo the repository the event most likely concerns, as {@code owner/name}, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParsedContext(String title, String description, URI url, List<String> relatedFiles, String suggestedRepo) {

    public ParsedContext {
        Objects.requireNonNull(title, "title");
        if (title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank");
        }
        description = description == null ? "" : description;
        relatedFiles = relatedFiles == null ? List.of() : List.copyOf(relatedFiles);
    }

    /** A context with only a title. */
    public static ParsedContext titled(String title) {
        return new ParsedContext(title, "", null, List.of(), null);
    }
}
