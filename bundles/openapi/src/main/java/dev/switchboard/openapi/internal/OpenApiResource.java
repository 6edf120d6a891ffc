package dev.switchboard.openapi.internal;

import dev.switchboard.rest.PublicEndpoint;
import dev.switchboard.rest.RestExtensions;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET /api/v1/openapi.json}: the document generated at build time from the JAX-RS annotations. */
@Component(service = OpenApiResource.class)
@JaxrsResource
// public and caller-free: it does not need the auth extension
@JaxrsExtensionSelect(RestExtensions.SELECT_PROBLEMS)
@Path("/api/v1/openapi.json")
@PublicEndpoint
@Hidden
public class OpenApiResource {

    static final String DOCUMENT = "/META-INF/switchboard/openapi.json";

    private final byte[] document = load();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] openApi() {
        return document.clone();
    }

    private static byte[] load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
