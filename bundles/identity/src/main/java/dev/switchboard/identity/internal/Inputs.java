package dev.switchboard.identity.internal;

import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Role;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Validation of identity input; every failure is a 400 with the failing field and changes nothing. */
final class Inputs {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");
    private static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$");
    static final int MIN_PASSWORD = 10;

    private Inputs() {
    }

    static <T> T body(T body) {
        if (body == null) {
            throw ApiProblem.badRequest("body_required", "a JSON body is required", List.of());
        }
        return body;
    }

    static String email(String email) {
        if (email == null || email.length() > 254 || !EMAIL.matcher(email.trim()).matches()) {
            throw field("invalid_email", "email", "must be an email address");
        }
        return email.trim().toLowerCase(Locale.ROOT);
    }

    static String password(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 200) {
            throw field("invalid_password", "password", "must be " + MIN_PASSWORD + " to 200 characters");
        }
        return password;
    }

    static String name(String field, String name, int max) {
        if (name == null || name.isBlank() || name.trim().length() > max) {
            throw field("invalid_" + field, field, "must be 1 to " + max + " characters");
        }
        return name.trim();
    }

    static String slug(String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw field("invalid_slug", "slug", "must be 1 to 48 lower-case letters, digits and inner '-'");
        }
        return slug;
    }

    static Role role(String role) {
        try {
            return Role.fromWireName(role == null ? "" : role);
        } catch (IllegalArgumentException e) {
            throw field("invalid_role", "role", "must be member, admin or owner");
        }
    }

    static UUID id(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw field("invalid_" + field, field, "must be an id");
        }
    }

    /** A slug derived from a display name: lower-case, '-' for anything else, at most 40 characters. */
    static String slugFrom(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "org" : slug;
    }

    static ApiProblem field(String code, String field, String message) {
        return ApiProblem.badRequest(code, field + " " + message, List.of(new ApiProblem.FieldError(field, message)));
    }
}
