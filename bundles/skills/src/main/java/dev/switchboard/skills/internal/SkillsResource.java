package dev.switchboard.skills.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.RestExtensions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/skills}: what a caller may use (metadata), rendered skills (never cached, never for agent session
 * tokens), and runtime skills of the organization (admins) or of the caller ({@code ?scope=user}).
 */
@Component(service = SkillsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/skills")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "skills")
public class SkillsResource {

    static final String MARKDOWN = "text/markdown; charset=UTF-8";

    private final SkillReader reader;
    private final SkillAdmin admin;

    @Activate
    public SkillsResource(@Reference SkillReader reader, @Reference SkillAdmin admin) {
        this.reader = reader;
        this.admin = admin;
    }

    @GET
    @Operation(summary = "The skills the caller may use: metadata, and whether their integrations meet the requirements")
    public PageRequest.Page<SkillViews.SkillSummary> list(@Context SecurityContext security,
                                                          @QueryParam("limit") String limit,
                                                          @QueryParam("cursor") String cursor,
                                                          @QueryParam("includeDisabled") boolean includeDisabled) {
        return reader.list(Caller.of(security), PageRequest.of(limit, cursor), includeDisabled);
    }

    @GET
    @Path("{slug}")
    @Operation(summary = "The skill rendered with the caller's fresh credentials (Cache-Control: no-store); _config is"
            + " the built-in skill with every credential the caller may use")
    public Response rendered(@Context SecurityContext security, @PathParam("slug") String slug) {
        if (ConfigSkill.SLUG.equals(slug)) {
            return noStore(() -> Response.ok(reader.config(Caller.of(security)), MediaType.APPLICATION_JSON_TYPE));
        }
        return noStore(() -> Response.ok(reader.rendered(Caller.of(security), slug), MediaType.APPLICATION_JSON_TYPE));
    }

    @GET
    @Path("{slug}/download")
    @Produces({MARKDOWN, RestExtensions.PROBLEM_JSON})
    @Operation(summary = "The skill rendered as a SKILL.md file coding agents load directly (Cache-Control: no-store)")
    public Response download(@Context SecurityContext security, @PathParam("slug") String slug) {
        if (ConfigSkill.SLUG.equals(slug)) {
            return noStore(() -> Response.ok(reader.configDownload(Caller.of(security)), MARKDOWN)
                    .header("Content-Disposition", "attachment; filename=\"SKILL.md\""));
        }
        return noStore(() -> Response.ok(reader.download(Caller.of(security), slug), MARKDOWN)
                .header("Content-Disposition", "attachment; filename=\"SKILL.md\""));
    }

    @GET
    @Path("{slug}/definition")
    @Operation(summary = "The skill's template and state, never rendered; ?scope= for a runtime skill")
    public SkillViews.SkillView definition(@Context SecurityContext security, @PathParam("slug") String slug,
                                           @QueryParam("scope") String scope) {
        return reader.definition(Caller.of(security), slug, scope);
    }

    @GET
    @Path("{slug}/export")
    @Produces({MediaType.APPLICATION_JSON, MARKDOWN})
    @Operation(summary = "The skill's template as SKILL.md (?format=md, default) or JSON (?format=json)")
    public Response export(@Context SecurityContext security, @PathParam("slug") String slug,
                           @QueryParam("scope") String scope, @QueryParam("format") String format) {
        Caller caller = Caller.of(security);
        if (format == null || format.isBlank() || format.equals("md")) {
            return Response.ok(reader.exportMarkdown(caller, slug, scope), MARKDOWN)
                    .header("Content-Disposition", "attachment; filename=\"" + slug + ".md\"").build();
        }
        if (format.equals("json")) {
            return Response.ok(reader.exportJson(caller, slug, scope), MediaType.APPLICATION_JSON_TYPE).build();
        }
        throw ApiProblem.badRequest("invalid_parameter", "format must be md or json",
                List.of(new ApiProblem.FieldError("format", "must be md or json")));
    }

    @POST
    @Operation(summary = "Create a runtime skill of the organization (admin) or, with ?scope=user, of the caller")
    public Response create(@Context SecurityContext security, @QueryParam("scope") String scope,
                           SkillDocument document) {
        SkillViews.SkillView created = admin.create(Caller.of(security), scope, document);
        return Response.created(URI.create("/api/v1/skills/" + created.slug() + "/definition?scope="
                + created.source().name().toLowerCase(java.util.Locale.ROOT))).entity(created).build();
    }

    @PATCH
    @Path("{slug}")
    @Operation(summary = "Change a runtime skill; absent fields keep their value; every change is a new version")
    public SkillViews.SkillView update(@Context SecurityContext security, @PathParam("slug") String slug,
                                       @QueryParam("scope") String scope, SkillDocument document) {
        return admin.update(Caller.of(security), slug, scope, document);
    }

    @DELETE
    @Path("{slug}")
    @Operation(summary = "Delete a runtime skill with its versions (the deployed skill of the slug shows again)")
    public Response delete(@Context SecurityContext security, @PathParam("slug") String slug,
                           @QueryParam("scope") String scope) {
        admin.delete(Caller.of(security), slug, scope);
        return Response.noContent().build();
    }

    @GET
    @Path("{slug}/versions")
    @Operation(summary = "A runtime skill's versions, newest first")
    public PageRequest.Page<SkillViews.VersionView> versions(@Context SecurityContext security,
                                                             @PathParam("slug") String slug,
                                                             @QueryParam("scope") String scope,
                                                             @QueryParam("limit") String limit,
                                                             @QueryParam("cursor") String cursor) {
        return admin.versions(Caller.of(security), slug, scope, PageRequest.of(limit, cursor));
    }

    @POST
    @Path("{slug}/versions/{version}/restore")
    @Operation(summary = "Make an earlier version current again (as a new version)")
    public SkillViews.SkillView restore(@Context SecurityContext security, @PathParam("slug") String slug,
                                        @PathParam("version") int version, @QueryParam("scope") String scope) {
        return admin.restore(Caller.of(security), slug, scope, version);
    }

    @POST
    @Path("import")
    @Consumes({"text/markdown", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Operation(summary = "Create or update runtime skills from a SKILL.md file or JSON (one document, an array, or"
            + " {\"skills\": [...]})")
    public PageRequest.Page<SkillViews.SkillView> importSkills(@Context SecurityContext security,
                                                               @QueryParam("scope") String scope,
                                                               @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                                               String body) {
        Caller caller = Caller.of(security);
        List<SkillDocument> documents = isJson(contentType) ? json(body) : List.of(markdown(body));
        return new PageRequest.Page<>(admin.importSkills(caller, scope, documents), null);
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    private static SkillDocument markdown(String body) {
        try {
            return SkillTexts.parseMarkdown(body);
        } catch (InvalidSkillException e) {
            throw SkillProblem.of(e);
        }
    }

    static List<SkillDocument> json(String body) {
        try {
            JsonNode root = SkillTexts.JSON.readTree(body == null ? "" : body);
            JsonNode items = root != null && root.isObject() && root.has("skills") ? root.get("skills") : root;
            List<SkillDocument> documents = new ArrayList<>();
            if (items != null && items.isArray()) {
                for (JsonNode item : items) {
                    documents.add(SkillTexts.JSON.treeToValue(item, SkillDocument.class));
                }
            } else if (items != null && items.isObject()) {
                documents.add(SkillTexts.JSON.treeToValue(items, SkillDocument.class));
            } else {
                throw ApiProblem.badRequest("invalid_body", "expected a skill, an array of skills or {\"skills\": [...]}",
                        List.of());
            }
            return documents;
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("malformed_json", "the request body is not valid JSON for this endpoint", List.of());
        }
    }

    /** The response with {@code Cache-Control: no-store}, problems included: rendered skills are never cached. */
    static Response noStore(Supplier<Response.ResponseBuilder> work) {
        Response.ResponseBuilder response;
        try {
            response = work.get();
        } catch (ApiProblem problem) {
            response = Response.fromResponse(problem.toResponse());
        }
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }
}
