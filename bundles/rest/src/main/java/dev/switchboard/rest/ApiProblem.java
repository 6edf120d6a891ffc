package dev.switchboard.rest;

import java.util.List;

/**
 * An error answered as {@code application/problem+json} (RFC 9457). {@code code} is stable and
 * machine-readable; {@code detail} is for humans and never carries secrets, SQL or payload echoes.
 */
public class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String title;
    private final transient List<FieldError> errors;

    public ApiProblem(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of());
    }

    public ApiProblem(int status, String code, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem notFound(String code, String detail) {
        return new ApiProblem(404, code, "Not found", detail);
    }

    public static ApiProblem badRequest(String code, String detail, List<FieldError> errors) {
        return new ApiProblem(400, code, "Bad request", detail, errors);
    }

    public static ApiProblem unavailable(String code, String detail) {
        return new ApiProblem(503, code, "Service unavailable", detail);
    }

    /** The problem+json response for this problem, for filters that abort a request. */
    public javax.ws.rs.core.Response toResponse() {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", "https://switchboard.dev/problems/" + code);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        body.put("code", code);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        return javax.ws.rs.core.Response.status(status).type(RestExtensions.PROBLEM_JSON).entity(body).build();
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One invalid input field. */
    public record FieldError(String field, String message) {
    }
}
