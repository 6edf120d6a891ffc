package dev.switchboard.rest.internal;

import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.foundation.DatabaseUnavailableException;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.RestExtensions;
import java.util.List;
import java.util.UUID;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every exception a resource throws to problem+json; unexpected ones are logged with an error id. */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName(RestExtensions.PROBLEMS)
@JSONRequired
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        return respond(toBody(exception));
    }

    static ProblemBody toBody(Throwable exception) {
        if (exception instanceof ApiProblem problem) {
            return body(problem.status(), problem.code(), problem.title(), problem.getMessage(), problem.errors());
        }
        if (exception instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status >= 500) {
                return unexpected(exception);
            }
            return body(status, webCode(status), Response.Status.fromStatusCode(status) == null ? "Error"
                    : Response.Status.fromStatusCode(status).getReasonPhrase(), web.getMessage(), List.of());
        }
        if (exception instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            // never echo the parser's message: it quotes the payload
            return body(400, "malformed_json", "Bad request", "the request body is not valid JSON for this endpoint",
                    List.of());
        }
        if (unstorableCharacter(exception)) {
            return body(400, "unsupported_character", "Bad request", "the request holds a character the database cannot"
                    + " store (U+0000); remove it and send the request again", List.of());
        }
        if (exception instanceof PluginUnavailableException plugin) {
            return body(503, "plugin_unavailable", "Plugin unavailable", plugin.getMessage(), List.of());
        }
        if (exception instanceof DatabaseUnavailableException) {
            return body(503, "database_unavailable", "Database unavailable",
                    "the database is unreachable; retry later", List.of());
        }
        return unexpected(exception);
    }

    /**
     * PostgreSQL refused a value the request brought: text cannot hold U+0000 (SQLSTATE 22021) and jsonb cannot hold
     * its JSON escape (22P05). The statement failed and its transaction rolled back.
     */
    private static boolean unstorableCharacter(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql
                    && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static ProblemBody unexpected(Throwable exception) {
        String errorId = UUID.randomUUID().toString();
        LOG.error("unexpected error {}", errorId, exception);
        return body(500, "internal_error", "Internal error", "unexpected error " + errorId
                + "; the server log has details", List.of());
    }

    private static String webCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
    }

    private static ProblemBody body(int status, String code, String title, String detail,
                                    List<dev.switchboard.rest.ApiProblem.FieldError> errors) {
        return new ProblemBody(ProblemBody.TYPE_BASE + code, title, status, detail, code, errors);
    }

    static Response respond(ProblemBody body) {
        return Response.status(body.status()).type(RestExtensions.PROBLEM_JSON).entity(body).build();
    }
}
