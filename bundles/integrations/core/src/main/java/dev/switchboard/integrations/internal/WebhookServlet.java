package dev.switchboard.integrations.internal;

import javax.servlet.Servlet;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.osgi.service.component.annotations.Component;

/**
 * The engine's webhook ingress servlet on the HTTP whiteboard at {@code /webhooks/*} (same port as the REST
 * API). Camel routes consume from it through the {@code servlet} component with
 * {@code servletName=}{@value #NAME}; the triggers bundle adds its routes ({@code /webhooks/t/...},
 * {@code /webhooks/i/...}) to the same servlet.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/webhooks/*",
        "osgi.http.whiteboard.servlet.name=" + WebhookServlet.NAME,
        "servlet.init.servlet-name=" + WebhookServlet.NAME})
public class WebhookServlet extends CamelHttpTransportServlet {

    private static final long serialVersionUID = 1L;

    /** The servlet name routes select with {@code endpointProperty("servletName", NAME)}. */
    public static final String NAME = "switchboard-webhooks";
}
