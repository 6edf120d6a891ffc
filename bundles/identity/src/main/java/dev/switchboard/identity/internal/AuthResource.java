package dev.switchboard.identity.internal;

import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PublicEndpoint;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.SessionTokenAllowed;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
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

/** {@code /api/v1/auth}: sign-up, setup, login, logout, who am I. */
@Component(service = AuthResource.class)
@JaxrsResource
@JSONRequired
@JaxrsExtensionSelect({RestExtensions.SELECT_PROBLEMS, RestExtensions.SELECT_AUTH})
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class AuthResource {

    private final AccountService accounts;
    private final OrganizationService organizations;

    @Activate
    public AuthResource(@Reference AccountService accounts, @Reference OrganizationService organizations) {
        this.accounts = accounts;
        this.organizations = organizations;
    }

    public record SignupRequest(String email, String password, String name) {
    }

    public record SetupRequest(String token, String email, String password, String name) {
    }

    public record LoginRequest(String email, String password) {
    }

    public record ActiveOrganizationRequest(String organizationId) {
    }

    public record LoginResponse(Views.UserView user, Views.OrganizationView organization) {
    }

    @POST
    @Path("signup")
    @PublicEndpoint
    @Operation(summary = "Create an account with a personal organization and log in")
    public Response signup(SignupRequest request) {
        SignupRequest body = Inputs.body(request);
        return loggedIn(Response.Status.CREATED, accounts.signup(body.email(), body.password(), body.name()));
    }

    @POST
    @Path("setup")
    @PublicEndpoint
    @Operation(summary = "Create the first owner of an empty installation with the setup token from the log")
    public Response setup(SetupRequest request) {
        SetupRequest body = Inputs.body(request);
        return loggedIn(Response.Status.CREATED, accounts.setup(body.token(), body.email(), body.password(), body.name()));
    }

    @POST
    @Path("login")
    @PublicEndpoint
    @Operation(summary = "Log in with email and password; sets the console session cookie")
    public Response login(LoginRequest request) {
        LoginRequest body = Inputs.body(request);
        return loggedIn(Response.Status.OK, accounts.login(body.email(), body.password()));
    }

    @POST
    @Path("logout")
    @Operation(summary = "End the console session")
    public Response logout(@Context SecurityContext security) {
        Caller caller = Caller.of(security);
        if (caller.kind() != Caller.Kind.CONSOLE_SESSION) {
            throw new ApiProblem(400, "not_a_console_session", "Bad request", "only console sessions log out");
        }
        accounts.logout(caller.credentialId());
        return Response.noContent().header(HttpHeaders.SET_COOKIE,
                SessionCookie.clear(accounts.config().secureCookie())).build();
    }

    @POST
    @Path("verify-email")
    @PublicEndpoint
    @Operation(summary = "Confirm an email address with the token from the verification email")
    public Response verifyEmail(TokenBody request) {
        accounts.verifyEmail(Inputs.body(request).token());
        return Response.noContent().build();
    }

    @POST
    @Path("verification")
    @Operation(summary = "Send the caller a new verification email (needs an SMTP server)")
    public Response requestVerification(@Context SecurityContext security) {
        Caller caller = Caller.of(security);
        if (caller.impersonating() || caller.kind() == Caller.Kind.SESSION_TOKEN) {
            throw new ApiProblem(403, "forbidden", "Forbidden", "only the user themself may request this");
        }
        var delivery = accounts.requestVerification(caller.requireUser());
        if (delivery != IdentityMail.Delivery.EMAIL) {
            throw new ApiProblem(502, "mail_failed", "Bad gateway", "the email could not be sent; retry later");
        }
        return Response.accepted().build();
    }

    public record TokenBody(String token) {
    }

    @GET
    @Path("me")
    @SessionTokenAllowed
    @Operation(summary = "The caller, the active organization and the caller's organizations")
    public Views.MeView me(@Context SecurityContext security) {
        Caller caller = Caller.of(security);
        Views.UserView user = caller.userId() == null ? null : Views.UserView.of(accounts.user(caller.userId()));
        var memberships = caller.userId() == null || caller.kind() == Caller.Kind.SESSION_TOKEN
                ? java.util.List.<Views.OrganizationView>of()
                : organizations.membershipsOf(caller.userId()).stream().map(Views.OrganizationView::of).toList();
        return new Views.MeView(user, caller.organizationId(), caller.role() == null ? null : caller.role().wireName(),
                memberships, caller.kind().name().toLowerCase(java.util.Locale.ROOT), caller.realUserId(),
                caller.superAdmin(), caller.sessionId());
    }

    @POST
    @Path("active-organization")
    @Operation(summary = "Choose the console session's active organization")
    public Views.OrganizationView activeOrganization(@Context SecurityContext security,
                                                     ActiveOrganizationRequest request) {
        Caller caller = Caller.of(security);
        if (caller.kind() != Caller.Kind.CONSOLE_SESSION || caller.impersonating()) {
            throw new ApiProblem(400, "not_a_console_session", "Bad request",
                    "only a console session (not impersonating) has an active organization to choose");
        }
        UUID organizationId = Inputs.id("organizationId", Inputs.body(request).organizationId());
        var membership = organizations.membership(caller, organizationId);
        accounts.setActiveOrganization(caller.credentialId(), organizationId);
        return Views.OrganizationView.of(membership);
    }

    private Response loggedIn(Response.Status status, AccountService.Login login) {
        return Response.status(status)
                .header(HttpHeaders.SET_COOKIE, SessionCookie.set(login.sessionToken(), login.expiresAt(),
                        accounts.config().secureCookie()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(new LoginResponse(Views.UserView.of(login.user()),
                        login.organization() == null ? null : Views.OrganizationView.of(login.organization(), null)))
                .build();
    }
}
