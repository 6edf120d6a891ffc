package dev.switchboard.integrations.calendar;

import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code POST /api/v1/mailto}: a {@code mailto:} link for an email draft that the person sends from their own
 * mail client (seed 000: "mailto always available"), at most 2000 characters. Nothing is stored or sent, and
 * the draft is not logged.
 */
@Component(service = MailtoResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/mailto")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresRole(Role.MEMBER)
@Tag(name = "mailto")
public class MailtoResource {

    /** Body of {@code POST /api/v1/mailto}. */
    public record MailtoRequest(List<String> to, List<String> cc, List<String> bcc, String subject, String body) {
    }

    /** The link, whether the body was shortened to fit, and its length in characters. */
    public record MailtoResponse(String url, boolean truncated, int length) {
    }

    @POST
    @Operation(summary = "Build a mailto: link (RFC 6068) of at most 2000 characters; a long body is shortened,"
            + " recipients and subject never are")
    public MailtoResponse create(MailtoRequest request) {
        if (request == null) {
            throw ApiProblem.badRequest("invalid_body", "a JSON body is required", List.of());
        }
        try {
            MailtoLinks.Link link = MailtoLinks.build(new MailtoLinks.Draft(request.to(), request.cc(), request.bcc(),
                    request.subject(), request.body()));
            return new MailtoResponse(link.url(), link.truncated(), link.length());
        } catch (MailtoLinks.MailtoException e) {
            throw ApiProblem.badRequest(e.code(), e.field() + " " + e.getMessage(),
                    List.of(new ApiProblem.FieldError(e.field(), e.getMessage())));
        }
    }
}
