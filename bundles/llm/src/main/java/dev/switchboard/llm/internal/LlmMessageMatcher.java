package dev.switchboard.llm.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.llm.ChatRequest;
import dev.switchboard.llm.ChatResponse;
import dev.switchboard.llm.InboundMessage;
import dev.switchboard.llm.LlmClient;
import dev.switchboard.llm.LlmException;
import dev.switchboard.llm.MatchCandidate;
import dev.switchboard.llm.MatchResult;
import dev.switchboard.llm.MatchResult.NotMatched;
import dev.switchboard.llm.MatchResult.Reason;
import dev.switchboard.llm.MessageMatcher;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MessageMatcher} service: one JSON chat completion per message through the {@link LlmClient}; for a
 * message of an organization, through the organization's client ({@link LlmClient#forOrganization(UUID)}).
 */
@Component(service = MessageMatcher.class)
public final class LlmMessageMatcher implements MessageMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(LlmMessageMatcher.class);

    private final LlmClient llm;
    private final MatchPrompt prompt = new MatchPrompt(new ObjectMapper());
    private final MatchAnswer answer = new MatchAnswer();

    @Activate
    public LlmMessageMatcher(@Reference LlmClient llm) {
        this.llm = llm;
    }

    @Override
    public MatchResult match(InboundMessage message, List<MatchCandidate> candidates) {
        return match(null, message, candidates);
    }

    @Override
    public MatchResult match(UUID organizationId, InboundMessage message, List<MatchCandidate> candidates) {
        Objects.requireNonNull(message, "message");
        requireUniqueSlugs(candidates);
        if (candidates.isEmpty()) {
            return NotMatched.of(Reason.NO_CANDIDATES, "no skill was offered for this " + source(message));
        }
        MatchResult result = ask(organizationId, message, candidates);
        log(message, candidates, result);
        return result;
    }

    private MatchResult ask(UUID organizationId, InboundMessage message, List<MatchCandidate> candidates) {
        ChatResponse response;
        try {
            LlmClient client = organizationId == null ? llm : llm.forOrganization(organizationId);
            response = client.chat(ChatRequest.json(prompt.messages(message, candidates)));
        } catch (LlmException e) {
            return NotMatched.of(reason(e.kind()), e.getMessage());
        } catch (RuntimeException e) {
            // a broken client must not lose the message either
            return NotMatched.of(Reason.UNAVAILABLE, "the LLM client failed (" + e.getClass().getSimpleName() + ")");
        }
        MatchResult result = answer.read(response.content(), candidates);
        if (response.truncated() && result instanceof NotMatched notMatched
                && notMatched.reason() == Reason.MALFORMED_ANSWER) {
            return NotMatched.of(Reason.MALFORMED_ANSWER, notMatched.detail()
                    + "; the answer was cut at the token limit (maxTokens in etc/" + LlmConstants.PID + ".cfg)");
        }
        return result;
    }

    private static Reason reason(LlmException.Kind kind) {
        return switch (kind) {
            case NOT_CONFIGURED -> Reason.NOT_CONFIGURED;
            case UNAVAILABLE -> Reason.UNAVAILABLE;
            case TIMEOUT -> Reason.TIMEOUT;
            case RATE_LIMITED -> Reason.RATE_LIMITED;
            case AUTH_FAILED, REJECTED -> Reason.REJECTED;
            case BAD_RESPONSE -> Reason.MALFORMED_ANSWER;
        };
    }

    private static void requireUniqueSlugs(List<MatchCandidate> candidates) {
        Set<String> slugs = new HashSet<>();
        for (MatchCandidate candidate : candidates) {
            if (!slugs.add(candidate.slug())) {
                throw new IllegalArgumentException("two candidates have the slug " + candidate.slug());
            }
        }
    }

    /** Outcome, skill and confidence: never the message, the summary or the extracted values. */
    private static void log(InboundMessage message, List<MatchCandidate> candidates, MatchResult result) {
        if (result instanceof MatchResult.Matched matched) {
            LOG.debug("{} matched skill {} (confidence {}, {} candidates)", source(message), matched.skill(),
                    matched.confidence(), candidates.size());
        } else if (result instanceof NotMatched notMatched) {
            switch (notMatched.reason()) {
                case NO_MATCH, BELOW_THRESHOLD, MISSING_REQUIRED_FIELD, NO_CANDIDATES, NOT_CONFIGURED ->
                        LOG.debug("{} not matched ({}): {}", source(message), notMatched.reason(), notMatched.detail());
                default -> LOG.warn("{} not matched, falls through to the default handler ({}): {}", source(message),
                        notMatched.reason(), notMatched.detail());
            }
        }
    }

    private static String source(InboundMessage message) {
        return message.source().name().toLowerCase(java.util.Locale.ROOT);
    }
}
