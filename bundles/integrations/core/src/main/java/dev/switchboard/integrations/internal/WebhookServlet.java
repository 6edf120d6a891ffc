package dev.switchboard.integrations.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The engine's webhook ingress on the HTTP whiteboard at {@code /webhooks/*} (same port as the REST API):
 * {@code POST /webhooks/<prefix>/<key>} goes straight to {@link WebhookIngress} with the raw body stream
 * (signatures are over raw bytes; a form-encoded body is never parsed, the query string is split by hand).
 * The answer carries only the status, content type and body of the {@link WebhookIngress.Reply}: no request
 * header is copied into it. Any other path below {@code /webhooks/} is {@code 404 webhook_not_found}, any other
 * method {@code 405 method_not_allowed}, both as problem+json.
 *
 * <p>A plain servlet rather than a Camel REST route: the route's exchange, header mapping and response writing
 * cost about as much CPU per delivery as the rest of the engine's webhook path (bench/ingest).
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/webhooks/*",
        "osgi.http.whiteboard.servlet.name=" + WebhookServlet.NAME})
public class WebhookServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The servlet's name on the whiteboard. */
    public static final String NAME = "switchboard-webhooks";

    private final transient WebhookIngress ingress;

    @Activate
    public WebhookServlet(@Reference WebhookIngress ingress) {
        this.ingress = ingress;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] address = address(request);
        WebhookIngress.Reply reply;
        if (address == null) {
            reply = WebhookIngress.notFound();
        } else if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            reply = WebhookIngress.methodNotAllowed();
        } else {
            reply = ingress.handle(address[0], address[1], request.getContentLengthLong(), request.getInputStream(),
                    headers(request), query(request.getQueryString()));
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(reply.status());
        response.setContentType(reply.contentType());
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }

    /** {@code {prefix, key}} of {@code /webhooks/<prefix>/<key>}, each percent-decoded; null for any other path. */
    static String[] address(HttpServletRequest request) {
        String uri = request.getRequestURI();
        int start = request.getContextPath().length() + request.getServletPath().length();
        if (uri == null || uri.length() <= start || uri.charAt(start) != '/') {
            return null;
        }
        String[] parts = uri.substring(start + 1).split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return null;
        }
        try {
            return new String[] {decodeSegment(parts[0]), decodeSegment(parts[1])};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        return headers;
    }

    /** The query string by hand: {@code getParameterMap()} would read a form-encoded body first. */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                String[] parts = pair.split("=", 2);
                try {
                    query.computeIfAbsent(decode(parts[0]), name -> new ArrayList<>())
                            .add(parts.length > 1 ? decode(parts[1]) : "");
                } catch (IllegalArgumentException e) {
                    // a malformed escape: the parameter is left out, as no handler could have meant it
                }
            }
        }
        return query;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** A path segment: percent escapes only ({@code +} is a plus sign in a path). */
    private static String decodeSegment(String value) {
        return decode(value.replace("+", "%2B"));
    }
}
