package dev.switchboard.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.switchboard.foundation.UnitOfWork;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** What the filter enforces from the annotations of the real resource methods. */
class AuthFilterTest {

    private static final UUID ORGANIZATION = UUID.randomUUID();

    private static Method method(Class<?> type, String name) {
        return Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Caller caller(Caller.Kind kind, UUID organization, Role role) {
        return new Caller(kind, kind == Caller.Kind.SERVICE_TOKEN ? null : UUID.randomUUID(), organization, role, null,
                kind == Caller.Kind.SESSION_TOKEN ? UUID.randomUUID() : null, UUID.randomUUID(), false);
    }

    private static Optional<String> refusal(Caller caller, Class<?> type, String method) {
        return AuthFilter.refusal(caller, method(type, method), type).map(problem -> {
            assertEquals(403, problem.status());
            return problem.code();
        });
    }

    @Nested
    class Refusal {

        @Test
        void aSessionTokenIsRefusedWhereNotAllowed() {
            Caller agent = caller(Caller.Kind.SESSION_TOKEN, ORGANIZATION, Role.MEMBER);

            assertEquals(Optional.of("session_token_not_allowed"), refusal(agent, ApiKeysResource.class, "create"));
            assertEquals(Optional.of("session_token_not_allowed"), refusal(agent, MembersResource.class, "list"));
            assertEquals(Optional.of("session_token_not_allowed"), refusal(agent, AuthResource.class, "logout"));
            assertEquals(Optional.empty(), refusal(agent, AuthResource.class, "me"));
        }

        @Test
        void aMemberIsRefusedWhereAdminIsRequired() {
            Caller member = caller(Caller.Kind.CONSOLE_SESSION, ORGANIZATION, Role.MEMBER);

            assertEquals(Optional.of("forbidden_role"), refusal(member, MembersResource.class, "changeRole"));
            assertEquals(Optional.of("forbidden_role"), refusal(member, AuditLogResource.class, "list"));
            assertEquals(Optional.of("forbidden_role"), refusal(member, InvitationsResource.class, "invite"));
            assertEquals(Optional.of("forbidden_role"), refusal(member, InvitationsResource.class, "cancel"));
            assertEquals(Optional.empty(), refusal(member, MembersResource.class, "list"), "class level: member");
            assertEquals(Optional.empty(), refusal(member, ApiKeysResource.class, "create"));
        }

        @Test
        void adminsAndOwnersPass() {
            for (Role role : new Role[] {Role.ADMIN, Role.OWNER}) {
                Caller caller = caller(Caller.Kind.API_KEY, ORGANIZATION, role);
                assertEquals(Optional.empty(), refusal(caller, MembersResource.class, "changeRole"), role.name());
                assertEquals(Optional.empty(), refusal(caller, AuditLogResource.class, "list"), role.name());
            }
        }

        @Test
        void aRoleNeedsAnOrganization() {
            Caller homeless = caller(Caller.Kind.CONSOLE_SESSION, null, null);
            Caller service = caller(Caller.Kind.SERVICE_TOKEN, null, null);

            assertEquals(Optional.of("organization_required"), refusal(homeless, ApiKeysResource.class, "list"));
            assertEquals(Optional.of("organization_required"), refusal(service, AuditLogResource.class, "list"));
            assertEquals(Optional.empty(), refusal(homeless, OrganizationsResource.class, "create"),
                    "creating a first organization needs none");
        }

        @Test
        void anOrganizationWithoutARoleIsRefused() {
            Caller roleless = caller(Caller.Kind.CONSOLE_SESSION, ORGANIZATION, null);

            assertEquals(Optional.of("forbidden_role"), refusal(roleless, ApiKeysResource.class, "list"));
        }
    }

    @Nested
    class Filter {

        private final ContainerRequestContext request = mock(ContainerRequestContext.class);
        private final AuthFilter filter = new AuthFilter(Map.of());

        private void resource(Class<?> type, String name) throws Exception {
            ResourceInfo info = mock(ResourceInfo.class);
            when(info.getResourceMethod()).thenReturn(method(type, name));
            when(info.getResourceClass()).thenAnswer(invocation -> type);
            Field field = AuthFilter.class.getDeclaredField("resourceInfo");
            field.setAccessible(true);
            field.set(filter, info);
            when(request.getCookies()).thenReturn(Map.of());
        }

        private Response abortion() {
            ArgumentCaptor<Response> response = ArgumentCaptor.forClass(Response.class);
            verify(request).abortWith(response.capture());
            return response.getValue();
        }

        @SuppressWarnings("unchecked")
        private static String code(Response response) {
            return (String) ((Map<String, Object>) response.getEntity()).get("code");
        }

        @Test
        void withoutTheDatabaseProtectedEndpointsAre503() throws Exception {
            resource(ApiKeysResource.class, "list");

            filter.filter(request);

            assertEquals(503, abortion().getStatus());
            assertEquals("identity_unavailable", code(abortion()));
        }

        @Test
        void withoutTheDatabasePublicEndpointsStillAnswer() throws Exception {
            resource(AuthResource.class, "login");

            filter.filter(request);

            verify(request, never()).abortWith(any());
        }

        @Test
        void withoutCredentialsAProtectedEndpointIs401() throws Exception {
            filter.bindStore(new IdentityStore(mock(UnitOfWork.class)));
            resource(MembersResource.class, "list");

            filter.filter(request);

            assertEquals(401, abortion().getStatus());
            assertEquals("unauthenticated", code(abortion()));
        }

        @Test
        void onlyBearerCredentialsAreAccepted() throws Exception {
            filter.bindStore(new IdentityStore(mock(UnitOfWork.class)));
            resource(MembersResource.class, "list");
            when(request.getHeaderString("Authorization")).thenReturn("Basic dXNlcjpwYXNz");

            filter.filter(request);

            assertEquals(401, abortion().getStatus());
            assertEquals("invalid_credentials", code(abortion()));
            assertFalse(abortion().getEntity().toString().contains("dXNlcjpwYXNz"));
        }
    }
}
