package dev.switchboard.rest;

/**
 * Names of the engine's JAX-RS extensions. Every resource selects them with
 * {@code osgi.jaxrs.extension.select} so that it is never served before they are in place.
 */
public final class RestExtensions {

    /** The exception mapper that turns every failure into problem+json. */
    public static final String PROBLEMS = "switchboard.problems";

    /** Filter expression selecting {@link #PROBLEMS}. */
    public static final String SELECT_PROBLEMS = "(osgi.jaxrs.name=" + PROBLEMS + ")";

    /** Media type of error responses. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private RestExtensions() {
    }
}
