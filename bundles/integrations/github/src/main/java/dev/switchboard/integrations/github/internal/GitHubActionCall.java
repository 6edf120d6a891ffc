package dev.switchboard.integrations.github.internal;

import dev.switchboard.integrations.github.internal.GitHubHttp.Response;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.provider.ProviderException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One action's calls to the GitHub REST API: requests built by the bundle's {@link GitHubHttp} (its headers:
 * {@code Accept: application/vnd.github+json}, {@code X-GitHub-Api-Version: 2022-11-28}) with the token as a
 * bearer credential (OAuth user tokens and installation tokens alike), answers parsed by it, failures mapped by
 * {@link ActionFailures}. Not shared between calls.
 *
 * <p>The exchange itself does not go through {@link GitHubHttp#send}: the JDK's request timeout stops waiting for
 * the response headers only, not for a body that trickles in, so the whole exchange is awaited until the
 * deadline and cancelled then.
 */
public final class GitHubActionCall {

    /** The engine abandons any call after 30 s; a deadline further out is not waited for either. */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern PAGE = Pattern.compile("[?&]page=([0-9]{1,9})(?:&|$)");

    private final GitHubHttp http;
    private final HttpClient client;
    private final GitHubSettings settings;
    private final String authorization;
    private final Instant deadline;
    private final Clock clock;
    private final String action;
    private final Set<String> params;

    private GitHubActionCall(GitHubHttp http, HttpClient client, GitHubSettings settings, String authorization,
            ActionRequest request, Set<String> params) {
        this.http = http;
        this.client = client;
        this.settings = settings;
        this.authorization = authorization;
        this.deadline = request.deadline();
        this.clock = request.context().clock();
        this.action = request.action();
        this.params = params;
    }

    /**
     * A call for {@code request}, against the {@code apiBaseUrl} of its context's config (default
     * {@code https://api.github.com}).
     *
     * @param client sends the requests; redirects must be off, so the token never leaves the API's origin
     * @param params the action's parameter names, for attributing GitHub's field errors
     */
    public static GitHubActionCall open(GitHubHttp http, HttpClient client, ActionRequest request, AccessToken token,
            Set<String> params) throws ActionException {
        if (token == null || token.isNone()) {
            throw ActionException.unauthorized(request.action() + ": no GitHub token was passed");
        }
        GitHubSettings settings;
        try {
            settings = GitHubSettings.merge(Map.of(), request.context().config());
        } catch (ProviderException e) {
            throw ActionException.upstream(0, request.action() + ": " + e.getMessage(), null);
        }
        return new GitHubActionCall(http, client, settings, "Bearer " + token.value().reveal(), request, params);
    }

    /** GETs {@code path} (with query); GitHub answers 200. */
    public Response get(String path) throws ActionException {
        return send(request(path).GET());
    }

    /** POSTs {@code body} as JSON to {@code path}; GitHub answers 201. */
    public Response post(String path, Map<String, Object> body) throws ActionException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(http.json(body))));
    }

    /** DELETEs {@code path}; GitHub answers 204. */
    public Response delete(String path) throws ActionException {
        return send(request(path).DELETE());
    }

    /** The body as a JSON object. */
    public Map<String, Object> object(Response response) throws ActionException {
        try {
            return http.object(response, action);
        } catch (ProviderException e) {
            throw ActionException.upstream(response.status(), e.getMessage(), null);
        }
    }

    /** The body as a JSON array. */
    public List<Object> array(Response response) throws ActionException {
        try {
            return http.array(response, action);
        } catch (ProviderException e) {
            throw ActionException.upstream(response.status(), e.getMessage(), null);
        }
    }

    /** The page number of the {@code rel="next"} link, if GitHub has another page (on the API's own origin). */
    public OptionalInt nextPage(Response response) {
        return Optional.ofNullable(Pages.next(response, settings)).map(URI::getRawQuery).map(query -> {
            Matcher page = PAGE.matcher("?" + query);
            return page.find() ? OptionalInt.of(Integer.parseInt(page.group(1))) : OptionalInt.empty();
        }).orElse(OptionalInt.empty());
    }

    private HttpRequest.Builder request(String path) {
        return http.api(settings.api(path)).header("Authorization", authorization);
    }

    private Response send(HttpRequest.Builder request) throws ActionException {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw ActionException.upstream(0, action + ": the deadline passed before GitHub was called", null);
        }
        Duration timeout = left.compareTo(MAX_TIMEOUT) < 0 ? left : MAX_TIMEOUT;
        HttpResponse<String> answer = exchange(request.timeout(timeout).build(), timeout);
        Response response = new Response(answer.statusCode(), answer.headers(), answer.body());
        if (response.status() < 200 || response.status() > 299) {
            throw ActionFailures.of(http, response, action, params, clock);
        }
        return response;
    }

    private HttpResponse<String> exchange(HttpRequest request, Duration timeout) throws ActionException {
        CompletableFuture<HttpResponse<String>> exchange =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw ActionException.upstream(0, action + ": GitHub did not answer by the deadline", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw ActionException.upstream(0, action + ": GitHub did not answer by the deadline", null);
            }
            // the cause's message may name the URL; its class says enough
            throw ActionException.upstream(0, action + ": cannot reach GitHub ("
                    + (e.getCause() == null ? "unknown" : e.getCause().getClass().getSimpleName()) + ")", null);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw ActionException.upstream(0, action + ": interrupted", null);
        }
    }
}
