package dev.switchboard.llm;

/**
 * Chat completions against an OpenAI-compatible server ({@code POST <endpoint>/chat/completions}). The service
 * talks to the deployment's server of {@code etc/dev.switchboard.llm.cfg}; {@link #forOrganization(UUID)} gives a
 * client for one organization, which uses the organization's own settings when it has them. Without a usable
 * configuration {@link #isConfigured()} is {@code false} and every call fails with
 * {@link LlmException.Kind#NOT_CONFIGURED}.
 *
 * <p>Thread-safe. One call is one HTTP exchange, bounded as a whole by the configured timeout; nothing is retried
 * (a caller that wants to retry a rate-limited call reads {@link LlmException#retryAfter()}). The API key is
 * never part of a log line, an exception message or a {@code toString()}.
 */
public interface LlmClient {

    /** Whether an endpoint and a model are configured; the API key is optional (local servers need none). */
    boolean isConfigured();

    /**
     * A client for calls made on behalf of {@code organizationId}. Precedence: the organization's own settings
     * ({@code PUT /api/v1/llm/settings}) when it has them, else the deployment's configuration. The settings are
     * read when this is called: take a new client per unit of work (a message, a run) rather than keeping one.
     * The default returns this client, for implementations without organization settings.
     */
    default LlmClient forOrganization(java.util.UUID organizationId) {
        return this;
    }

    /**
     * Sends {@code request} and returns the first choice.
     *
     * @throws LlmException when not configured, the server is unreachable, slow, refuses the call or answers
     *                      something that is not a chat completion
     */
    ChatResponse chat(ChatRequest request) throws LlmException;
}
