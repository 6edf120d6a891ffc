package dev.switchboard.rest.testing;

import dev.switchboard.rest.Caller;
import java.security.Principal;
import javax.ws.rs.core.SecurityContext;

/** The security context the auth filter hands a resource for {@code caller}, for tests that call resources directly. */
public final class TestSecurity {

    private TestSecurity() {
    }

    public static SecurityContext of(Caller caller) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return true;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        };
    }
}
