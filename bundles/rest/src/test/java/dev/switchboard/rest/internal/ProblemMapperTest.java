package dev.switchboard.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.foundation.DatabaseUnavailableException;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.ApiProblem.FieldError;
import dev.switchboard.rest.RestExtensions;
import dev.switchboard.spi.PluginKind;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {

    private static final Pattern ERROR_ID = Pattern.compile(
            "unexpected error ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}); the server log has details");

    @Test
    void anApiProblemKeepsItsStatusCodeTitleDetailAndFieldErrors() {
        List<FieldError> errors = List.of(new FieldError("name", "must not be blank"));
        ProblemBody body = ProblemMapper.toBody(ApiProblem.badRequest("invalid_parameter", "name is blank", errors));

        assertEquals(new ProblemBody("https://switchboard.dev/problems/invalid_parameter", "Bad request", 400,
                "name is blank", "invalid_parameter", errors), body);
    }

    @Test
    void aWebApplicationExceptionKeepsItsStatusWithAStableCode() {
        ProblemBody notFound = ProblemMapper.toBody(new NotFoundException());
        ProblemBody notAllowed = ProblemMapper.toBody(new NotAllowedException("GET"));

        assertEquals(404, notFound.status());
        assertEquals("not_found", notFound.code());
        assertEquals("Not Found", notFound.title());
        assertEquals("https://switchboard.dev/problems/not_found", notFound.type());
        assertEquals(405, notAllowed.status());
        assertEquals("method_not_allowed", notAllowed.code());
    }

    @Test
    void aWebApplicationExceptionWithAnUnnamedStatusGetsAGenericCode() {
        ProblemBody body = ProblemMapper.toBody(new WebApplicationException(422));

        assertEquals(422, body.status());
        assertEquals("http_422", body.code());
        assertEquals("Error", body.title());
    }

    @Test
    void anUnavailablePluginIs503() {
        ProblemBody body = ProblemMapper.toBody(
                new PluginUnavailableException(PluginKind.ACTION_ADAPTER, "linear", "no such plugin is deployed"));

        assertEquals(503, body.status());
        assertEquals("plugin_unavailable", body.code());
        assertEquals("action-adapter 'linear' is not available: no such plugin is deployed", body.detail());
    }

    @Test
    void anUnavailableDatabaseIs503WithoutItsSql() {
        SQLException sql = new SQLException("ERROR: relation \"secrets\" does not exist: SELECT token FROM secrets");
        ProblemBody body = ProblemMapper.toBody(
                new DatabaseUnavailableException("no database connection: " + sql.getMessage(), sql));

        assertEquals(503, body.status());
        assertEquals("database_unavailable", body.code());
        assertEquals("the database is unreachable; retry later", body.detail());
        assertFalse(body.toString().contains("SELECT"), body.toString());
    }

    @Test
    void aCharacterTheDatabaseCannotStoreIs400WithoutTheStatement() {
        for (String state : new String[] {"22021", "22P05"}) {
            RuntimeException wrapped = new RuntimeException("### Error updating database: INSERT INTO x VALUES ('secret')",
                    new java.sql.SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", state));
            ProblemBody body = ProblemMapper.toBody(wrapped);
            assertEquals(400, body.status());
            assertEquals("unsupported_character", body.code());
            assertFalse(body.detail().contains("INSERT") || body.detail().contains("secret"), body.detail());
        }
        assertEquals(500, ProblemMapper.toBody(new RuntimeException(new java.sql.SQLException("boom", "23505"))).status());
    }

    @Test
    void anUnexpectedExceptionIs500WithAnErrorIdAndWithoutItsMessage() {
        ProblemBody body = ProblemMapper.toBody(new IllegalStateException("token=ghp_secret in SELECT * FROM x"));

        assertEquals(500, body.status());
        assertEquals("internal_error", body.code());
        assertEquals("Internal error", body.title());
        assertTrue(ERROR_ID.matcher(body.detail()).matches(), body.detail());
        assertFalse(body.toString().contains("ghp_secret"), body.toString());
        assertEquals(List.of(), body.errors());
    }

    @Test
    void everyUnexpectedErrorGetsItsOwnId() {
        assertNotEquals(errorId(ProblemMapper.toBody(new RuntimeException())),
                errorId(ProblemMapper.toBody(new RuntimeException())));
    }

    @Test
    void theResponseIsProblemJsonWithTheBodysStatus() {
        Response response = new ProblemMapper().toResponse(ApiProblem.notFound("plugin_not_found", "no such plugin"));

        assertEquals(404, response.getStatus());
        assertEquals(RestExtensions.PROBLEM_JSON, response.getMediaType().toString());
        assertEquals("plugin_not_found", ((ProblemBody) response.getEntity()).code());
    }

    private static String errorId(ProblemBody body) {
        Matcher matcher = ERROR_ID.matcher(body.detail());
        assertTrue(matcher.matches(), body.detail());
        return matcher.group(1);
    }
}
