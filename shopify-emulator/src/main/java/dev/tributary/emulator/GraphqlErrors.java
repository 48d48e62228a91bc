package dev.tributary.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.language.SourceLocation;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;

/**
 * graphql-java's errors in the shape Shopify's GraphQL Admin API answers with:
 * {@code {message, locations, path, extensions: {code}}}, with the graphql-ruby codes Shopify
 * reports for static validation ({@code undefinedField}, {@code argumentLiteralsIncompatible}, ...).
 */
final class GraphqlErrors {

    /** graphql-java's prefix, {@code Validation error (FieldUndefined@[orders]) : }, which Shopify's messages lack. */
    private static final Pattern VALIDATION_PREFIX = Pattern.compile("^Validation error \\([^)]*\\) : ");
    private static final Pattern UNDEFINED_FIELD = Pattern.compile("Field '(.+)' in type '(.+)' is undefined");

    private static final Map<ValidationErrorType, String> VALIDATION_CODES = Map.ofEntries(
            Map.entry(ValidationErrorType.FieldUndefined, "undefinedField"),
            Map.entry(ValidationErrorType.WrongType, "argumentLiteralsIncompatible"),
            Map.entry(ValidationErrorType.MissingFieldArgument, "missingRequiredArguments"),
            Map.entry(ValidationErrorType.UnknownArgument, "argumentNotAccepted"),
            Map.entry(ValidationErrorType.UnknownType, "undefinedType"),
            Map.entry(ValidationErrorType.SubselectionRequired, "selectionMismatch"),
            Map.entry(ValidationErrorType.SubselectionNotAllowed, "selectionMismatch"),
            Map.entry(ValidationErrorType.UndefinedVariable, "variableNotDefined"),
            Map.entry(ValidationErrorType.UnusedVariable, "variableNotUsed"),
            Map.entry(ValidationErrorType.VariableTypeMismatch, "variableMismatch"),
            Map.entry(ValidationErrorType.UnusedFragment, "useAndDefineFragment"),
            Map.entry(ValidationErrorType.UndefinedFragment, "undefinedFragment"));

    private GraphqlErrors() {
    }

    static List<Map<String, Object>> shape(List<GraphQLError> errors) {
        return errors.stream().map(GraphqlErrors::shape).toList();
    }

    static Map<String, Object> shape(GraphQLError error) {
        Map<String, Object> shaped = new LinkedHashMap<>();
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (error instanceof ValidationError validation) {
            shaped.put("message", validationMessage(validation));
            extensions.put("code", validationCode(validation));
        } else {
            shaped.put("message", error.getMessage());
            if (error.getExtensions() != null) {
                extensions.putAll(error.getExtensions());
            }
            extensions.putIfAbsent("code", code(error));
        }
        if (error.getLocations() != null && !error.getLocations().isEmpty()) {
            shaped.put("locations", error.getLocations().stream().map(GraphqlErrors::location).toList());
        }
        List<?> path = error instanceof ValidationError validation ? validation.getQueryPath() : error.getPath();
        if (path != null && !path.isEmpty()) {
            shaped.put("path", path);
        }
        extensions.remove("classification");
        shaped.put("extensions", extensions);
        return shaped;
    }

    /** An error of the request as a whole, such as {@code Throttled}. */
    static Map<String, Object> of(String message, Map<String, Object> extensions) {
        Map<String, Object> shaped = new LinkedHashMap<>();
        shaped.put("message", message);
        shaped.put("extensions", extensions);
        return shaped;
    }

    private static String validationMessage(ValidationError error) {
        String description = VALIDATION_PREFIX.matcher(error.getMessage()).replaceFirst("");
        Matcher undefined = UNDEFINED_FIELD.matcher(description);
        return undefined.matches()
                ? "Field '" + undefined.group(1) + "' doesn't exist on type '" + undefined.group(2) + "'"
                : description;
    }

    private static String validationCode(ValidationError error) {
        if (error.getValidationErrorType() instanceof ValidationErrorType type) {
            String code = VALIDATION_CODES.get(type);
            return code != null ? code : type.name().substring(0, 1).toLowerCase(Locale.ROOT) + type.name().substring(1);
        }
        return "validationError";
    }

    private static String code(GraphQLError error) {
        if (error.getErrorType() == ErrorType.InvalidSyntax) {
            return "PARSE_ERROR";
        }
        // Variables are checked as execution starts: a bad enum or missing input arrives here.
        if (error.getErrorType() == ErrorType.ValidationError) {
            return "INVALID_VARIABLE";
        }
        return "INTERNAL_SERVER_ERROR";
    }

    private static Map<String, Object> location(SourceLocation location) {
        return Map.of("line", location.getLine(), "column", location.getColumn());
    }
}
