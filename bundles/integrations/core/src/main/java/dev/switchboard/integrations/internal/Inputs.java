package dev.switchboard.integrations.internal;

import dev.switchboard.integrations.Visibility;
import dev.switchboard.rest.ApiProblem;
import java.util.List;
import java.util.UUID;

/** Validation of request input; every failure is 400 with the field named. */
final class Inputs {

    private Inputs() {
    }

    static ApiProblem field(String code, String field, String message) {
        return ApiProblem.badRequest(code, field + " " + message, List.of(new ApiProblem.FieldError(field, message)));
    }

    static <T> T body(T body) {
        if (body == null) {
            throw ApiProblem.badRequest("invalid_body", "a JSON body is required", List.of());
        }
        return body;
    }

    static UUID id(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw field("invalid_parameter", field, "must be a UUID");
        }
    }

    static String optionalName(String field, String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200 || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw field("invalid_name", field, "must be 1-200 characters without control characters");
        }
        return trimmed;
    }

    static Visibility visibility(String value, Visibility fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Visibility.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw field("invalid_visibility", "visibility", "must be org or private");
        }
    }

    static String providerAdapterId(String value) {
        if (value == null || !value.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw field("invalid_provider", "providerAdapterId", "must be a provider adapter id");
        }
        return value;
    }
}
