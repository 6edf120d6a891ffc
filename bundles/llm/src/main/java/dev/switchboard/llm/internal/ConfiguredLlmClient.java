package dev.switchboard.llm.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.foundation.InvalidConfigurationException;
import dev.switchboard.llm.ChatRequest;
import dev.switchboard.llm.ChatResponse;
import dev.switchboard.llm.LlmClient;
import dev.switchboard.llm.LlmException;
import dev.switchboard.llm.LlmException.Kind;
import dev.switchboard.secrets.SecretCipherException;
import dev.switchboard.spi.SecretValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LlmClient} service, configured from {@code etc/dev.switchboard.llm.cfg}. Registered whether or not
 * that file is usable: without an endpoint and a model, or with a malformed value, the deployment's client is not
 * configured and says why. A changed configuration applies to the next call.
 *
 * <p>{@link #forOrganization(UUID)} reads the organization's own settings ({@link LlmSettingsService}) and gives a
 * client bound to them, under the deployment's {@code timeoutSeconds} and {@code maxTokens}; an organization
 * without settings gets this client. When the settings cannot be read or the key cannot be opened, the bound
 * client fails every call: a message of an organization that brought its own LLM never goes to the deployment's.
 */
@Component(service = {LlmClient.class, ConfiguredLlmClient.class}, configurationPid = LlmConstants.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class ConfiguredLlmClient implements LlmClient {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredLlmClient.class);

    private final Clock clock;
    private final ChatCompletions wire = new ChatCompletions(new ObjectMapper());
    /** Null in tests without organizations. */
    private final LlmSettingsService settings;
    private volatile State state;
    /** Limits and HTTP client of organizations' calls. */
    private volatile Shared shared;

    @Activate
    public ConfiguredLlmClient(Map<String, Object> properties, @Reference LlmSettingsService settings) {
        this.clock = Clock.systemUTC();
        this.settings = settings;
        configure(properties);
    }

    /** The deployment's client alone, without organizations' settings (for other bundles' tests). */
    public ConfiguredLlmClient(Map<String, Object> properties) {
        this(properties, Clock.systemUTC(), null);
    }

    /** A client of {@code config}, for tests that need timeouts under a second. */
    ConfiguredLlmClient(LlmConfig config, Clock clock) {
        this.clock = clock;
        this.settings = null;
        this.state = State.of(config);
        this.shared = Shared.of(new LlmConfig.Limits(config.timeout(), config.maxTokens()), false);
    }

    /** A client of {@code properties}, as the component would have. */
    ConfiguredLlmClient(Map<String, ?> properties, Clock clock) {
        this(properties, clock, null);
    }

    /** A client of {@code properties} with organizations' settings from {@code settings}. */
    ConfiguredLlmClient(Map<String, ?> properties, Clock clock, LlmSettingsService settings) {
        this.clock = clock;
        this.settings = settings;
        configure(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    private void configure(Map<String, ?> properties) {
        LlmConfig.Limits limits;
        try {
            limits = LlmConfig.Limits.from(properties);
        } catch (InvalidConfigurationException e) {
            limits = LlmConfig.Limits.DEFAULT; // the deployment's client says what is wrong, below
        }
        shared = Shared.of(limits, LlmSettingsService.allowPrivate(properties));
        try {
            LlmConfig config = LlmConfig.from(properties);
            state = State.of(config);
            Object publicKey = properties.get(LlmConstants.API_KEY_PUBLIC);
            if (publicKey != null && !publicKey.toString().isBlank()) {
                LOG.warn("LLM client: 'apiKey' is published as a service property; rename it to '.apiKey' in etc/{}.cfg",
                        LlmConstants.PID);
            }
            LOG.info("LLM client: model {} at {} (API key {}, timeout {} s)", config.model(), config.host(),
                    config.apiKey().isEmpty() ? "none" : "set", config.timeout().toSeconds());
        } catch (LlmConfig.NotConfiguredException e) {
            state = State.off(e.getMessage());
            LOG.info("LLM client: {}", e.getMessage());
        } catch (InvalidConfigurationException e) {
            state = State.off(e.getMessage());
            LOG.error("LLM client is off: {}", e.getMessage());
        }
    }

    @Override
    public boolean isConfigured() {
        return state.config() != null;
    }

    @Override
    public ChatResponse chat(ChatRequest request) throws LlmException {
        State current = state;
        LlmConfig config = current.config();
        if (config == null) {
            throw new LlmException(Kind.NOT_CONFIGURED, current.problem());
        }
        return call(config, current.http(), request);
    }

    @Override
    public LlmClient forOrganization(UUID organizationId) {
        if (settings == null || organizationId == null) {
            return this;
        }
        Shared current = shared;
        Optional<LlmConfig> own;
        try {
            own = settings.config(organizationId, current.limits());
        } catch (SecretCipherException e) {
            return new Failing(organizationId, "the LLM key of organization " + organizationId
                    + " cannot be decrypted (" + e.reason() + ")");
        } catch (RuntimeException e) {
            LOG.warn("LLM settings of organization {} cannot be read ({})", organizationId, e.getClass().getSimpleName());
            return new Failing(organizationId, "the LLM settings of organization " + organizationId
                    + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return own.<LlmClient>map(config -> new OrganizationClient(organizationId, config, current)).orElse(this);
    }

    /**
     * One small call ("Reply with OK.") with settings that are not stored yet, under the organization limits.
     *
     * @throws LlmException as {@link #chat} would
     */
    void verify(URI endpoint, String model, SecretValue apiKey) throws LlmException {
        Shared current = shared;
        LlmConfig config = current.limits().config(endpoint, model, apiKey);
        requirePublic(config, current);
        call(config, current.http(), ChatRequest.text(List.of(dev.switchboard.llm.ChatMessage.user("Reply with OK."))));
    }

    /** Refuses a host that resolves to a private address, unless the deployment allows them. */
    private static void requirePublic(LlmConfig config, Shared current) throws LlmException {
        if (!current.allowPrivate()) {
            Optional<String> problem = PrivateAddresses.problem(config.endpoint().getHost());
            if (problem.isPresent()) {
                throw new LlmException(Kind.UNAVAILABLE, "not calling the LLM at " + config.host() + ": "
                        + problem.get());
            }
        }
    }

    private ChatResponse call(LlmConfig config, HttpClient http, ChatRequest request) throws LlmException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(config.chatCompletions())
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", LlmConstants.USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(wire.requestBody(config, request)));
        if (!config.apiKey().isEmpty()) {
            builder.header("Authorization", "Bearer " + config.apiKey().reveal());
        }
        HttpResponse<byte[]> response = exchange(config, http, builder.build());
        int status = response.statusCode();
        if (status >= 200 && status <= 299) {
            return wire.response(response.body(), config.host());
        }
        throw failure(config, response);
    }

    /** The answer, read whole within the timeout: the request timeout alone bounds only the wait for headers. */
    private HttpResponse<byte[]> exchange(LlmConfig config, HttpClient http, HttpRequest request)
            throws LlmException {
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request,
                LimitedBody.handler(LlmConstants.MAX_RESPONSE_BYTES));
        try {
            return exchange.get(config.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timedOut(config);
        } catch (ExecutionException e) {
            throw unreachable(config, e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new LlmException(Kind.UNAVAILABLE, "interrupted while calling the LLM at " + config.host());
        }
    }

    private static LlmException unreachable(LlmConfig config, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof LimitedBody.TooLargeException) {
                return new LlmException(Kind.BAD_RESPONSE, "the LLM at " + config.host() + " sent an answer larger than "
                        + LlmConstants.MAX_RESPONSE_BYTES + " bytes");
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new LlmException(Kind.TIMEOUT, "could not connect to the LLM at " + config.host() + " within "
                        + seconds(config.timeout()));
            }
            if (t instanceof HttpTimeoutException) {
                return timedOut(config);
            }
        }
        // the cause's message may repeat the URL; its class says enough
        return new LlmException(Kind.UNAVAILABLE, "cannot reach the LLM at " + config.host() + " ("
                + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")");
    }

    private LlmException failure(LlmConfig config, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String code = wire.errorCode(response.body());
        String answered = "the LLM at " + config.host() + " answered HTTP " + status
                + (code.isEmpty() ? "" : " (" + code + ")");
        Duration retryAfter = RetryAfter.of(response.headers(), clock).orElse(null);
        String wait = retryAfter == null ? "" : "; retry after " + seconds(retryAfter);
        if (status == 429) {
            return new LlmException(Kind.RATE_LIMITED, answered + wait, status, retryAfter);
        }
        if (status == 401 || status == 403) {
            return new LlmException(Kind.AUTH_FAILED, answered + ": check the API key and the model's access",
                    status, null);
        }
        if (status == 408) {
            return new LlmException(Kind.TIMEOUT, answered, status, retryAfter);
        }
        if (status >= 400 && status <= 499) {
            return new LlmException(Kind.REJECTED, answered, status, null);
        }
        if (status >= 300 && status <= 399) {
            return new LlmException(Kind.UNAVAILABLE, answered + "; redirects are not followed, set endpoint to"
                    + " the final URL", status, null);
        }
        return new LlmException(Kind.UNAVAILABLE, answered + wait, status, retryAfter);
    }

    private static LlmException timedOut(LlmConfig config) {
        return new LlmException(Kind.TIMEOUT, "the LLM at " + config.host() + " did not answer within "
                + seconds(config.timeout()));
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s",
                millis / 1000.0);
    }

    /** Endpoint and model only. */
    @Override
    public String toString() {
        LlmConfig config = state.config();
        return config == null ? "LlmClient[not configured]"
                : "LlmClient[" + config.model() + " at " + config.host() + "]";
    }

    /** A client bound to one organization's own settings. */
    private final class OrganizationClient implements LlmClient {

        private final UUID organizationId;
        private final LlmConfig config;
        private final Shared shared;

        OrganizationClient(UUID organizationId, LlmConfig config, Shared shared) {
            this.organizationId = organizationId;
            this.config = config;
            this.shared = shared;
        }

        @Override
        public boolean isConfigured() {
            return true;
        }

        @Override
        public ChatResponse chat(ChatRequest request) throws LlmException {
            requirePublic(config, shared);
            return call(config, shared.http(), request);
        }

        @Override
        public LlmClient forOrganization(UUID other) {
            return ConfiguredLlmClient.this.forOrganization(other);
        }

        /** Endpoint and model only. */
        @Override
        public String toString() {
            return "LlmClient[" + config.model() + " at " + config.host() + " for organization " + organizationId + "]";
        }
    }

    /** The client of an organization whose settings exist but cannot be used now: every call fails. */
    private final class Failing implements LlmClient {

        private final UUID organizationId;
        private final String problem;

        Failing(UUID organizationId, String problem) {
            this.organizationId = organizationId;
            this.problem = problem;
        }

        @Override
        public boolean isConfigured() {
            return true;
        }

        @Override
        public ChatResponse chat(ChatRequest request) throws LlmException {
            throw new LlmException(Kind.UNAVAILABLE, problem);
        }

        @Override
        public LlmClient forOrganization(UUID other) {
            return ConfiguredLlmClient.this.forOrganization(other);
        }

        @Override
        public String toString() {
            return "LlmClient[unusable settings of organization " + organizationId + "]";
        }
    }

    /** The limits and HTTP client of organizations' calls, swapped whole on a configuration change. */
    private record Shared(LlmConfig.Limits limits, boolean allowPrivate, HttpClient http) {

        static Shared of(LlmConfig.Limits limits, boolean allowPrivate) {
            return new Shared(limits, allowPrivate, State.httpClient(limits.timeout()));
        }
    }

    /** One configuration and its HTTP client, swapped whole so that a call sees one or the other. */
    private record State(LlmConfig config, HttpClient http, String problem) {

        static State of(LlmConfig config) {
            return new State(config, httpClient(config.timeout()), "");
        }

        static HttpClient httpClient(Duration connectTimeout) {
            // HTTP/1.1: no h2c upgrade attempt against plain-http local servers; a redirect would carry the key
            // to a destination nobody configured
            return HttpClient.newBuilder().connectTimeout(connectTimeout)
                    .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        }

        static State off(String problem) {
            return new State(null, null, problem);
        }
    }
}
