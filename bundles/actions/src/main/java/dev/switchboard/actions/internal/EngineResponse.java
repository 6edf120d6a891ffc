package dev.switchboard.actions.internal;

import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.RestExtensions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * What invoke and approve answer: a status with the invocation, and for failures a problem
 * ({@code application/problem+json}) that also carries the invocation, as the spec's response table wants.
 */
record EngineResponse(int status, Views.Outcome outcome, String code, String detail,
                      List<ApiProblem.FieldError> errors, Duration retryAfter) {

    static EngineResponse ok(int status, Views.Outcome outcome) {
        return new EngineResponse(status, outcome, null, null, List.of(), null);
    }

    static EngineResponse problem(int status, Views.Outcome outcome, String code, String detail) {
        return new EngineResponse(status, outcome, code, detail, List.of(), null);
    }

    EngineResponse withErrors(List<ApiProblem.FieldError> fieldErrors) {
        return new EngineResponse(status, outcome, code, detail, fieldErrors, retryAfter);
    }

    EngineResponse withRetryAfter(Duration after) {
        return new EngineResponse(status, outcome, code, detail, errors, after);
    }

    boolean failed() {
        return code != null;
    }

    Response toResponse() {
        if (!failed()) {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(outcome).build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://switchboard.dev/problems/" + code);
        body.put("title", Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase());
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        if (outcome != null && outcome.invocation() != null) {
            body.put("invocation", outcome.invocation());
        }
        Response.ResponseBuilder builder = Response.status(status).type(RestExtensions.PROBLEM_JSON).entity(body);
        if (retryAfter != null) {
            builder.header("Retry-After", Math.max(1, retryAfter.toSeconds()));
        }
        return builder.build();
    }
}
