package dev.switchboard.identity.internal;

import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PublicEndpoint;
import dev.switchboard.rest.RequiresRole;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.rest.Role;
import dev.switchboard.rest.SessionTokenAllowed;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Cookie;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Resolves the caller of every request and enforces what the resource method declares: public or not,
 * the least role, and whether agent session tokens may call it.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = IdentityConfig.PID)
@JaxrsExtension
@JaxrsName(RestExtensions.AUTH)
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {

    static final String SESSION_COOKIE = "switchboard_session";
    static final String ORGANIZATION_HEADER = "X-Switchboard-Org";

    private final IdentityConfig config;
    private final ServiceTokens serviceTokens;
    /** Optional and dynamic: while the database is away requests get 503, not a missing endpoint. */
    private volatile Authenticator authenticator;

    @Context
    private ResourceInfo resourceInfo;

    @Activate
    public AuthFilter(Map<String, Object> properties) {
        this.config = IdentityConfig.from(properties);
        this.serviceTokens = ServiceTokens.parse((String) properties.get("serviceTokens"));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindStore")
    void bindStore(IdentityStore store) {
        this.authenticator = new Authenticator(store, config, serviceTokens, Clock.systemUTC());
    }

    void unbindStore(IdentityStore store) {
        this.authenticator = null;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        Class<?> type = resourceInfo == null ? null : resourceInfo.getResourceClass();
        boolean publicEndpoint = declared(method, type, PublicEndpoint.class);
        Authenticator current = authenticator;
        if (current == null) {
            if (!publicEndpoint) {
                request.abortWith(ApiProblem.unavailable("identity_unavailable",
                        "sign-in is unavailable until the database is reachable; retry later").toResponse());
            }
            return;
        }
        Optional<Caller> caller;
        try {
            caller = current.authenticate(bearer(request), cookie(request),
                    request.getHeaderString(ORGANIZATION_HEADER));
        } catch (ApiProblem problem) {
            if (publicEndpoint && problem.status() == 401) {
                caller = Optional.empty(); // a stale cookie must not lock anyone out of login
            } else {
                request.abortWith(problem.toResponse());
                return;
            }
        }
        caller.ifPresent(present -> request.setSecurityContext(new CallerSecurityContext(present,
                request.getSecurityContext())));
        if (publicEndpoint) {
            return;
        }
        if (caller.isEmpty()) {
            request.abortWith(new ApiProblem(401, "unauthenticated", "Unauthorized",
                    "send an API key, a session token or the console session cookie").toResponse());
            return;
        }
        Optional<ApiProblem> refusal = refusal(caller.get(), method, type);
        refusal.ifPresent(problem -> request.abortWith(problem.toResponse()));
    }

    static Optional<ApiProblem> refusal(Caller caller, Method method, Class<?> type) {
        if (caller.kind() == Caller.Kind.SESSION_TOKEN && !declared(method, type, SessionTokenAllowed.class)) {
            return Optional.of(new ApiProblem(403, "session_token_not_allowed", "Forbidden",
                    "agent session tokens cannot call this endpoint"));
        }
        RequiresRole required = annotation(method, type, RequiresRole.class);
        if (required != null) {
            if (caller.organizationId() == null) {
                return Optional.of(new ApiProblem(403, "organization_required", "Forbidden",
                        "this request needs an active organization"));
            }
            Role role = caller.role();
            if (role == null || !role.atLeast(required.value())) {
                return Optional.of(new ApiProblem(403, "forbidden_role", "Forbidden",
                        "this needs the " + required.value().wireName() + " role"));
            }
        }
        return Optional.empty();
    }

    private static String bearer(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            return null;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiProblem(401, "invalid_credentials", "Unauthorized", "only Bearer credentials are accepted");
        }
        return authorization.substring(7);
    }

    private static String cookie(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(SESSION_COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    private static boolean declared(Method method, Class<?> type, Class<? extends java.lang.annotation.Annotation> marker) {
        return annotation(method, type, marker) != null;
    }

    private static <A extends java.lang.annotation.Annotation> A annotation(Method method, Class<?> type,
                                                                            Class<A> annotationType) {
        for (AnnotatedElement element : new AnnotatedElement[] {method, type}) {
            if (element != null && element.getAnnotation(annotationType) != null) {
                return element.getAnnotation(annotationType);
            }
        }
        return null;
    }

    /** The SecurityContext resources see. */
    record CallerSecurityContext(Caller caller, SecurityContext original) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.role() != null && caller.role().atLeast(Role.fromWireName(role));
        }

        @Override
        public boolean isSecure() {
            return original != null && original.isSecure();
        }

        @Override
        public String getAuthenticationScheme() {
            return caller.kind() == Caller.Kind.CONSOLE_SESSION ? "Cookie" : "Bearer";
        }
    }
}
