package dev.switchboard.secrets.internal;

import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.ApiProblem.FieldError;
import dev.switchboard.secrets.SecretCipherException;
import java.util.List;

/** The stable problem codes of the secrets API. Details never carry a value. */
final class SecretsProblems {

    static final String SECRET_NOT_FOUND = "secret_not_found";
    static final String SECRET_EXISTS = "secret_exists";
    static final String BUNDLE_NOT_FOUND = "bundle_not_found";
    static final String BUNDLE_EXISTS = "bundle_exists";
    static final String INVALID_BUNDLE = "invalid_bundle";
    static final String INVALID_TARGET_PATH = "invalid_target_path";
    static final String INVALID_REQUEST = "invalid_request";
    static final String INVALID_CURSOR = "invalid_cursor";
    static final String ENV_PARSE_ERROR = "env_parse_error";
    static final String ENV_TOO_LARGE = "env_too_large";
    static final String FORBIDDEN = "forbidden";

    private SecretsProblems() {
    }

    static ApiProblem secretNotFound() {
        return ApiProblem.notFound(SECRET_NOT_FOUND, "no such secret in this organization");
    }

    static ApiProblem secretExists(String key, String scope) {
        return new ApiProblem(409, SECRET_EXISTS, "Conflict", "a secret named " + key + " already exists "
                + (scope.isEmpty() ? "organization-wide" : "in scope '" + scope + "'"));
    }

    static ApiProblem bundleNotFound() {
        return ApiProblem.notFound(BUNDLE_NOT_FOUND, "no such secret bundle in this organization");
    }

    static ApiProblem bundleExists(String name) {
        return new ApiProblem(409, BUNDLE_EXISTS, "Conflict", "a secret bundle named '" + name + "' already exists");
    }

    static ApiProblem invalidBundle() {
        String detail = "bundleId does not name a secret bundle of this organization";
        return ApiProblem.badRequest(INVALID_BUNDLE, detail, List.of(new FieldError("bundleId", detail)));
    }

    static ApiProblem invalidTargetPath() {
        String detail = "targetPath must be a relative path inside the workspace: no leading '/' or drive letter,"
                + " no '..' or empty segment, no backslash, at most " + TargetPaths.MAX_LENGTH + " characters";
        return ApiProblem.badRequest(INVALID_TARGET_PATH, detail, List.of(new FieldError("targetPath", detail)));
    }

    static ApiProblem invalid(String field, String message) {
        return ApiProblem.badRequest(INVALID_REQUEST, field + ": " + message, List.of(new FieldError(field, message)));
    }

    static ApiProblem invalidCursor() {
        return ApiProblem.badRequest(INVALID_CURSOR, "cursor is not one this API returned",
                List.of(new FieldError("cursor", "not a cursor of this list")));
    }

    static ApiProblem envParseError(EnvParseException e) {
        return ApiProblem.badRequest(ENV_PARSE_ERROR, "envText " + e.getMessage() + "; nothing was imported",
                List.of(new FieldError("envText", e.getMessage())));
    }

    static ApiProblem envTooLarge(int maxChars, int maxEntries) {
        return new ApiProblem(413, ENV_TOO_LARGE, "Payload too large", "envText may have at most " + maxChars
                + " characters and " + maxEntries + " entries");
    }

    static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, FORBIDDEN, "Forbidden", detail);
    }

    /** The keys are missing or unusable: 503 naming the config key; a value failed to open: 500. */
    static ApiProblem cipher(SecretCipherException e) {
        return switch (e.reason()) {
            case KEYS_MISSING, KEYS_INVALID -> ApiProblem.unavailable(e.reason().code(), e.getMessage());
            default -> new ApiProblem(500, e.reason().code(), "Secret unreadable", e.getMessage());
        };
    }
}
