package dev.switchboard.llm;

import java.util.List;

/**
 * Matches an inbound message against candidate skills with one LLM call, and extracts the chosen skill's fields
 * (the "match" and "extract" of match, extract, act). The caller acts on a {@link MatchResult.Matched}, and sends
 * anything else to its default handler, so that no message is lost.
 *
 * <p>The model sees the candidates and the message; the message goes in its own chat message, as a JSON
 * document, and the instructions tell the model to treat it as data. The answer is validated strictly: anything
 * but one JSON object of the agreed shape is {@link MatchResult.Reason#MALFORMED_ANSWER}.
 *
 * <p>Thread-safe. Message texts, summaries and extracted values are never logged.
 */
public interface MessageMatcher {

    /**
     * The best candidate for {@code message}, or why there is none. Never throws for trouble with the LLM (not
     * configured, unreachable, slow, rate limited, a malformed answer): that is a {@link MatchResult.NotMatched}.
     * With no candidates the LLM is not called.
     *
     * @param candidates skills that may handle the message, with unique slugs
     * @throws IllegalArgumentException when two candidates share a slug
     */
    MatchResult match(InboundMessage message, List<MatchCandidate> candidates);

    /**
     * {@link #match(InboundMessage, List)} for a message of {@code organizationId}: the LLM call goes through
     * {@link LlmClient#forOrganization(java.util.UUID)}, so the organization's own LLM answers when it has one.
     * The default ignores the organization, for implementations that have no per-organization client.
     */
    default MatchResult match(java.util.UUID organizationId, InboundMessage message, List<MatchCandidate> candidates) {
        return match(message, candidates);
    }
}
