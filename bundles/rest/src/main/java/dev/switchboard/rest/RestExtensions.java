package dev.switchboard.rest;

/**
 * Names of the engine's JAX-RS extensions. Every resource selects both {@link #SELECT_PROBLEMS} and
 * {@link #SELECT_AUTH} with {@code osgi.jaxrs.extension.select}, so that it is never served before they
 * are in place (a resource registered before the auth filter would otherwise answer unauthenticated).
 */
public final class RestExtensions {

    /** The exception mapper that turns every failure into problem+json. */
    public static final String PROBLEMS = "switchboard.problems";

    /** The request filter that resolves the {@link Caller} and enforces roles (identity bundle). */
    public static final String AUTH = "switchboard.auth";

    /** Filter expression selecting {@link #PROBLEMS}. */
    public static final String SELECT_PROBLEMS = "(osgi.jaxrs.name=" + PROBLEMS + ")";

    /** Filter expression selecting {@link #AUTH}. */
    public static final String SELECT_AUTH = "(osgi.jaxrs.name=" + AUTH + ")";

    /** Media type of error responses. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private RestExtensions() {
    }
}
