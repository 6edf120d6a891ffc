package dev.switchboard.integrations.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.spi.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Transport-free handling of {@code POST /webhooks/p/{providerAdapterId}}: reads at most {@link #MAX_BODY}
 * raw bytes (413 beyond), hands them unchanged to {@link LifecycleWebhooks}, and answers
 * {@code {"accepted": n, "duplicate": false}} or a problem body with only a status, title and code — never
 * the payload. The Camel route in {@link WebhookRoutes} is a thin adapter around it.
 */
@Component(service = WebhookIngress.class)
public class WebhookIngress {

    static final int MAX_BODY = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LifecycleWebhooks lifecycle;

    @Activate
    public WebhookIngress(@Reference LifecycleWebhooks lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** What to answer: an HTTP status and a JSON body. */
    record Reply(int status, String contentType, String body) {
    }

    Reply provider(String providerAdapterId, long contentLength, InputStream body, Map<String, List<String>> headers,
                   Map<String, List<String>> query) {
        try {
            if (contentLength > MAX_BODY) {
                return problem(new ApiProblem(413, "payload_too_large", "Payload too large", "at most 1 MiB"));
            }
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                return problem(new ApiProblem(413, "payload_too_large", "Payload too large", "at most 1 MiB"));
            }
            int accepted = lifecycle.receive(providerAdapterId,
                    new WebhookRequest(bytes, headers, "/p/" + providerAdapterId, query));
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("accepted", accepted);
            reply.put("duplicate", false);
            return new Reply(200, "application/json", JSON.writeValueAsString(reply));
        } catch (ApiProblem e) {
            return problem(e);
        } catch (IOException e) {
            return problem(new ApiProblem(400, "body_unreadable", "Bad request", "the body could not be read"));
        }
    }

    private static Reply problem(ApiProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://switchboard.dev/problems/" + problem.code());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        body.put("code", problem.code());
        try {
            return new Reply(problem.status(), "application/problem+json", JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            return new Reply(problem.status(), "application/problem+json", "{\"code\":\"" + problem.code() + "\"}");
        }
    }
}
