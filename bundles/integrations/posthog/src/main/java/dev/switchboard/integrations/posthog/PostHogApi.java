package dev.switchboard.integrations.posthog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.ProviderException.Reason;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * GETs PostHog's private API with a personal API key as bearer. Redirects are not followed, so the key is only ever
 * sent to the configured host. Messages carry the path and status, never the key or a body.
 */
final class PostHogApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final HttpClient http;

    PostHogApi(HttpClient http) {
        this.http = http;
    }

    Map<String, Object> get(URI url, SecretValue apiKey) throws ProviderException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(PostHogConstants.REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + apiKey.reveal())
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ProviderException.of(Reason.UNAVAILABLE, "PostHog " + url.getPath() + " failed: "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.of(Reason.UNAVAILABLE, "PostHog " + url.getPath() + " was interrupted");
        }
        check(url.getPath(), response);
        try {
            Map<String, Object> body = JSON.readValue(response.body(), MAP);
            if (body == null) {
                throw ProviderException.of(Reason.BAD_RESPONSE, "PostHog " + url.getPath() + " answered an empty body");
            }
            return body;
        } catch (IOException e) {
            throw ProviderException.of(Reason.BAD_RESPONSE, "PostHog " + url.getPath() + " answered no JSON object");
        }
    }

    private static void check(String path, HttpResponse<String> response) throws ProviderException {
        int status = response.statusCode();
        String what = "PostHog " + path + " answered HTTP " + status;
        if (status >= 200 && status < 300) {
            return;
        }
        switch (status) {
            case 401 -> throw ProviderException.of(Reason.UNAUTHORIZED, what + ": the personal API key is not valid");
            case 403 -> throw ProviderException.of(Reason.UNAUTHORIZED,
                    what + ": the personal API key lacks the scope or project access this needs");
            case 429 -> throw ProviderException.rateLimited(retryAfter(response));
            default -> {
                if (status >= 500) {
                    throw ProviderException.of(Reason.UNAVAILABLE, what);
                }
                if (status >= 300 && status < 400) {
                    throw ProviderException.of(Reason.BAD_RESPONSE, what
                            + ": redirected; set apiBaseUrl to the address the instance redirects to");
                }
                throw ProviderException.of(Reason.BAD_RESPONSE, what);
            }
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).map(value -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return PostHogConstants.DEFAULT_RETRY_AFTER;
            }
        }).orElse(PostHogConstants.DEFAULT_RETRY_AFTER);
    }
}
