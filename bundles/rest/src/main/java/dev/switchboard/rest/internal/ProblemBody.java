package dev.switchboard.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.rest.ApiProblem.FieldError;
import java.util.List;

/** The JSON body of a problem response. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProblemBody(String type, String title, int status, String detail, String code, List<FieldError> errors) {

    static final String TYPE_BASE = "https://switchboard.dev/problems/";
}
