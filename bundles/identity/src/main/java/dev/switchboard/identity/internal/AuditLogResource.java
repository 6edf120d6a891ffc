package dev.switchboard.identity.internal;

import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.Role;
import dev.switchboard.rest.RestExtensions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import java.util.List;

/** {@code /api/v1/audit-log}: the active organization's audit trail, newest first (admin). */
@Component(service = AuditLogResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/audit-log")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
@Tag(name = "audit-log")
public class AuditLogResource {

    private final IdentityStore store;

    @Activate
    public AuditLogResource(@Reference IdentityStore store) {
        this.store = store;
    }

    @GET
    @Operation(summary = "Audit entries of the active organization, newest first")
    public PageRequest.Page<Views.AuditView> list(@Context SecurityContext security, @QueryParam("limit") String limit,
                                                  @QueryParam("cursor") String cursor) {
        UUID organizationId = Caller.of(security).requireOrganization();
        PageRequest page = PageRequest.of(limit, cursor);
        UUID before = page.after() == null ? null : Inputs.id("cursor", page.after());
        List<Rows.AuditEntry> rows = store.unitOfWork().inTransaction(tx ->
                store.audit(tx).list(organizationId, before, page.limit() + 1));
        return page.page(rows.stream().map(Views.AuditView::of).toList(), entry -> entry.id().toString());
    }
}
