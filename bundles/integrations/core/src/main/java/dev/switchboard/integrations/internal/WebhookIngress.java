package dev.switchboard.integrations.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.foundation.DatabaseUnavailableException;
import dev.switchboard.integrations.WebhookHandler;
import dev.switchboard.integrations.WebhookReply;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.spi.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transport-free handling of {@code POST /webhooks/<prefix>/<key>}: reads at most {@link #MAX_BODY} raw bytes
 * (413 beyond) and hands them unchanged to the owner of the prefix: {@code p} (provider-level webhooks) to
 * {@link LifecycleWebhooks}, other prefixes to the {@link WebhookHandler} services registered for them. Answers
 * JSON, or a problem body with only a status, title and code — never the payload. The servlet
 * {@link WebhookServlet} is a thin adapter around it.
 */
@Component(service = WebhookIngress.class)
public class WebhookIngress {

    static final int MAX_BODY = WebhookHandler.MAX_BODY;
    static final String PROVIDER_PREFIX = "p";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookIngress.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LifecycleWebhooks lifecycle;
    private final Map<String, WebhookHandler> handlers = new ConcurrentHashMap<>();

    @Activate
    public WebhookIngress(@Reference LifecycleWebhooks lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(WebhookHandler handler, Map<String, Object> properties) {
        Object prefix = properties.get(WebhookHandler.PREFIX_PROPERTY);
        if (!(prefix instanceof String name) || name.isBlank() || PROVIDER_PREFIX.equals(name)) {
            LOG.error("webhook handler {} ignored: {} must name a prefix other than '{}'", handler.getClass().getName(),
                    WebhookHandler.PREFIX_PROPERTY, PROVIDER_PREFIX);
            return;
        }
        handlers.put(name, handler);
    }

    void removeHandler(WebhookHandler handler, Map<String, Object> properties) {
        handlers.values().remove(handler);
    }

    /** What to answer: an HTTP status and a JSON body. */
    record Reply(int status, String contentType, String body) {
    }

    /** {@code POST /webhooks/p/{providerAdapterId}}. */
    Reply provider(String providerAdapterId, long contentLength, InputStream body, Map<String, List<String>> headers,
                   Map<String, List<String>> query) {
        return handle(PROVIDER_PREFIX, providerAdapterId, contentLength, body, headers, query);
    }

    Reply handle(String prefix, String key, long contentLength, InputStream body, Map<String, List<String>> headers,
                 Map<String, List<String>> query) {
        try {
            if (contentLength > MAX_BODY) {
                return tooLarge();
            }
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                return tooLarge();
            }
            WebhookRequest request = new WebhookRequest(bytes, headers, "/" + prefix + "/" + key, query);
            WebhookReply reply;
            if (PROVIDER_PREFIX.equals(prefix)) {
                reply = lifecycle.receive(key, request);
            } else {
                WebhookHandler handler = handlers.get(prefix);
                if (handler == null) {
                    throw ApiProblem.notFound("webhook_not_found", "no webhook is served at this address");
                }
                reply = handler.handle(key, request);
            }
            return new Reply(reply.status(), "application/json", JSON.writeValueAsString(reply.body()));
        } catch (ApiProblem e) {
            return problem(e);
        } catch (IOException e) {
            return problem(new ApiProblem(400, "body_unreadable", "Bad request", "the body could not be read"));
        } catch (DatabaseUnavailableException e) {
            return problem(ApiProblem.unavailable("database_unavailable", "the delivery could not be stored; send it again later"));
        } catch (RuntimeException e) {
            LOG.error("webhook {}/{} failed: {}", prefix, key, e.getClass().getName());
            return problem(new ApiProblem(500, "internal_error", "Internal error", "the delivery could not be processed"));
        }
    }

    /** Any address below {@code /webhooks/} but {@code /webhooks/<prefix>/<key>}. */
    static Reply notFound() {
        return problem(ApiProblem.notFound("webhook_not_found", "no webhook is served at this address"));
    }

    /** Any method but {@code POST}. */
    static Reply methodNotAllowed() {
        return problem(new ApiProblem(405, "method_not_allowed", "Method Not Allowed", "webhooks are delivered with POST"));
    }

    private static Reply tooLarge() {
        return problem(new ApiProblem(413, "payload_too_large", "Payload too large", "at most 1 MiB"));
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
