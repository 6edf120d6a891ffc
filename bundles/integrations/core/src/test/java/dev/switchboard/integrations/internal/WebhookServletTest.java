package dev.switchboard.integrations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.integrations.WebhookHandler;
import dev.switchboard.integrations.WebhookReply;
import dev.switchboard.spi.WebhookRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plain servlet in front of {@link WebhookIngress}: addresses, methods, raw bodies and what the answer carries. */
class WebhookServletTest {

    private final List<String> keys = new ArrayList<>();
    private final List<WebhookRequest> received = new ArrayList<>();
    private WebhookServlet servlet;

    @BeforeEach
    void setUp() {
        WebhookIngress ingress = new WebhookIngress(null);
        WebhookHandler handler = (key, request) -> {
            keys.add(key);
            received.add(request);
            return WebhookReply.ok(Map.of("events", 1));
        };
        ingress.addHandler(handler, Map.of(WebhookHandler.PREFIX_PROPERTY, "t"));
        servlet = new WebhookServlet(ingress);
    }

    @Test
    void aPostReachesTheHandlerOfItsPrefixWithTheRawBodyHeadersAndQuery() throws Exception {
        String form = "{\"a\":\"x=1&y=2\"}";
        Answer answer = call("POST", "/webhooks/t/t_abc", "a=1&b=x%20y&a=2", form,
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded"),
                        "X-Webhook-Signature", List.of("sha256=00")));

        assertEquals(200, answer.status);
        assertEquals("application/json", answer.contentType);
        assertEquals("{\"events\":1}", answer.body());
        assertEquals(List.of("t_abc"), keys);
        WebhookRequest request = received.get(0);
        assertEquals(form, request.bodyAsString(), "the body as sent, not parsed as a form");
        assertEquals("sha256=00", request.header("x-webhook-signature").orElseThrow());
        assertEquals(List.of("1", "2"), request.query().get("a"));
        assertEquals("x y", request.queryParameter("b").orElseThrow());
        assertEquals("/t/t_abc", request.path());
        assertTrue(answer.headers.isEmpty(), "no request header is copied into the answer: " + answer.headers);
    }

    @Test
    void otherAddressesAreNotFoundAndOtherMethodsNotAllowedAsProblems() throws Exception {
        for (String path : List.of("/webhooks/t", "/webhooks/", "/webhooks", "/webhooks/t/a/b", "/webhooks//x",
                "/webhooks/t/", "/webhooks/t/%zz")) {
            Answer answer = call("POST", path, null, "{}", Map.of());
            assertEquals(404, answer.status, path);
            assertEquals("application/problem+json", answer.contentType, path);
            assertTrue(answer.body().contains("\"code\":\"webhook_not_found\""), path + ": " + answer.body());
        }
        Answer get = call("GET", "/webhooks/t/t_abc", null, "", Map.of());
        assertEquals(405, get.status);
        assertEquals("POST", get.headers.get("Allow"));
        assertTrue(get.body().contains("\"code\":\"method_not_allowed\""), get.body());
        assertEquals(404, call("POST", "/webhooks/x/y", null, "{}", Map.of()).status, "a prefix nobody serves");
        assertTrue(keys.isEmpty());
    }

    @Test
    void aBodyOverTheLimitIsRejectedWithoutReachingTheHandler() throws Exception {
        Answer answer = call("POST", "/webhooks/t/t_abc", null, "x".repeat(WebhookIngress.MAX_BODY + 1), Map.of());
        assertEquals(413, answer.status);
        assertTrue(answer.body().contains("\"code\":\"payload_too_large\""), answer.body());
        assertFalse(answer.body().contains("xxx"));
        assertTrue(keys.isEmpty());
    }

    @Test
    void pathSegmentsArePercentDecodedAndAPlusStaysAPlus() {
        assertEquals(List.of("t", "a b+c"), List.of(WebhookServlet.address(request("POST", "/webhooks/t/a%20b+c", null,
                new byte[0], Map.of()))));
        assertNull(WebhookServlet.address(request("POST", "/webhooks/t/a%2", null, new byte[0], Map.of())));
        assertEquals(Map.of("k", List.of("")), WebhookServlet.query("k"));
        assertEquals(Map.of(), WebhookServlet.query("%zz=1"));
    }

    // ---- a servlet container's request and response, as far as the servlet uses them ---------------------

    private Answer call(String method, String uri, String query, String body, Map<String, List<String>> headers)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Answer answer = new Answer();
        servlet.service(request(method, uri, query, bytes, headers), answer.response());
        return answer;
    }

    private static HttpServletRequest request(String method, String uri, String query, byte[] body,
                                              Map<String, List<String>> headers) {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return in.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(WebhookServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    case "getServletPath" -> "/webhooks";
                    case "getQueryString" -> query;
                    case "getContentLengthLong" -> (long) body.length;
                    case "getInputStream" -> stream;
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                    default -> throw new UnsupportedOperationException("the servlet must not call " + m.getName());
                });
    }

    /** What the servlet wrote. */
    private static final class Answer {
        int status = -1;
        String contentType;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int contentLength = -1;

        String body() {
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(out.size(), contentLength, "Content-Length");
            return text;
        }

        HttpServletResponse response() {
            ServletOutputStream stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    out.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(WebhookServletTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setContentType" -> contentType = (String) args[0];
                            case "setContentLength" -> contentLength = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "getOutputStream" -> {
                                return stream;
                            }
                            default -> throw new UnsupportedOperationException("unexpected " + m.getName());
                        }
                        return null;
                    });
        }
    }
}
