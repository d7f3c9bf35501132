package dev.cfscim.api.load;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.cfscim.api.Spelling;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * What a document that does not bind to its class is told: the field, as {@code spec.a.b[2]}, and
 * what was wrong with it in a person's words (an unknown field and the nearest known one, the
 * values an enum takes, the type expected), from Jackson's exception.
 */
final class BindingErrors {
    private BindingErrors() {
    }

    /** {@code spec.assignments.users[2]} from Jackson's reference chain. */
    static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) path.append('.');
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    /** The rate limits are a count and a window in two fields, not one {count, per} object as other tools write them. */
    private static String rateHint(String field) {
        if ("spec.deprovisionLimit".equals(field)) {
            return ": the count per window; the window is spec.deprovisionWindow, such as 1h";
        }
        if ("spec.roleRemovalLimit".equals(field)) {
            return ": the count per window; the window is spec.roleRemovalWindow, such as 1h";
        }
        return "";
    }

    /** The problem with the value, and for the rate limits where their window is. */
    static String describe(JsonMappingException e) {
        return what(e) + rateHint(fieldPath(e));
    }

    private static String what(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return "unknown field '" + unknown.getPropertyName() + "'"
                    + Spelling.didYouMean(Spelling.suggest(unknown.getPropertyName(), known, 1));
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            List<String> allowed = Arrays.stream(invalid.getTargetType().getEnumConstants()).map(String::valueOf).toList();
            return "'" + invalid.getValue() + "' is not one of " + String.join(", ", allowed)
                    + Spelling.didYouMean(Spelling.suggest(String.valueOf(invalid.getValue()), allowed, 1));
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "expected " + describeType(mismatched.getTargetType());
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String describeType(Class<?> type) {
        if (type == String.class) return "a string (quote numbers, booleans and dates)";
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "a whole number";
        if (type == double.class || type == Double.class || type == float.class) return "a number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type.isEnum()) {
            return "one of " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList());
        }
        if (Collection.class.isAssignableFrom(type)) return "a list";
        return "a mapping";
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

}
