package dev.switchboard.actions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.rest.ApiProblem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks parameters against the part of an action's JSON Schema that matters before a call: the object's
 * {@code required} names, the {@code type} and {@code enum} of each declared property, and
 * {@code additionalProperties: false}. Everything else (formats, lengths, nested schemas) is the adapter's
 * to check; it answers {@code BAD_PARAMS} with the field.
 *
 * <p>Hand-written because no JSON Schema validator is in the build's reachable repository as an OSGi bundle.
 */
final class ParamsValidator {

    private ParamsValidator() {
    }

    /** @throws ApiProblem 400 {@code invalid_params} listing every failing field */
    static void validate(String schemaJson, Map<String, Object> params) {
        List<ApiProblem.FieldError> errors = problems(schemaJson, params);
        if (!errors.isEmpty()) {
            throw ApiProblem.badRequest("invalid_params", "the parameters do not match the action's schema: "
                    + errors.stream().map(ApiProblem.FieldError::field).toList(), errors);
        }
    }

    static List<ApiProblem.FieldError> problems(String schemaJson, Map<String, Object> params) {
        JsonNode schema;
        try {
            schema = Json.MAPPER.readTree(schemaJson);
        } catch (Exception e) {
            return List.of(); // the adapter's schema is broken: let the adapter judge its parameters
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (JsonNode required : schema.path("required")) {
            if (params.get(required.asText()) == null) {
                errors.add(field(required.asText(), "is required"));
            }
        }
        JsonNode properties = schema.path("properties");
        for (Map.Entry<String, Object> param : params.entrySet()) {
            JsonNode property = properties.get(param.getKey());
            if (property == null) {
                if (schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean()) {
                    errors.add(field(param.getKey(), "is not a parameter of this action"));
                }
                continue;
            }
            if (param.getValue() == null) {
                continue;
            }
            String typeProblem = typeProblem(property.path("type"), param.getValue());
            if (typeProblem != null) {
                errors.add(field(param.getKey(), typeProblem));
            } else if (property.has("enum") && !inEnum(property.get("enum"), param.getValue())) {
                errors.add(field(param.getKey(), "must be one of " + property.get("enum")));
            }
        }
        return errors;
    }

    private static String typeProblem(JsonNode type, Object value) {
        if (type.isMissingNode() || type.isNull()) {
            return null;
        }
        List<String> allowed = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(item -> allowed.add(item.asText()));
        } else {
            allowed.add(type.asText());
        }
        for (String name : allowed) {
            if (matches(name, value)) {
                return null;
            }
        }
        return "must be " + String.join(" or ", allowed);
    }

    private static boolean matches(String type, Object value) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger
                    || (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue()));
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "null" -> value == null;
            default -> true;
        };
    }

    private static boolean inEnum(JsonNode values, Object value) {
        JsonNode given = Json.MAPPER.valueToTree(value);
        for (Iterator<JsonNode> it = values.elements(); it.hasNext(); ) {
            JsonNode candidate = it.next();
            if (candidate.equals(given) || (candidate.isNumber() && given.isNumber()
                    && candidate.decimalValue().compareTo(given.decimalValue()) == 0)) {
                return true;
            }
        }
        return false;
    }

    private static ApiProblem.FieldError field(String name, String message) {
        return new ApiProblem.FieldError("params." + name, message);
    }
}
