package io.k0rdent.backup.test.strict;

import com.fasterxml.jackson.databind.JsonNode;

/** One validation error as the API server words it: {@code field: Invalid value: "x": detail}. */
record FieldError(String field, Type type, String badValue, String detail) {

    /** The kinds of error the strict server reports, each with the {@code reason} of its {@code StatusCause}. */
    enum Type {
        REQUIRED("FieldValueRequired", "Required value"),
        INVALID("FieldValueInvalid", "Invalid value"),
        TYPE_INVALID("FieldValueTypeInvalid", "Invalid value"),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
        TOO_LONG("FieldValueTooLong", "Too long"),
        TOO_MANY("FieldValueTooMany", "Too many");

        private final String cause;
        private final String words;

        Type(String cause, String words) {
            this.cause = cause;
            this.words = words;
        }

        String cause() {
            return cause;
        }
    }

    static FieldError required(String field) {
        return new FieldError(field, Type.REQUIRED, null, null);
    }

    static FieldError invalid(String field, JsonNode value, String detail) {
        return new FieldError(field, Type.INVALID, quoted(value), detail);
    }

    static FieldError typeInvalid(String field, String actualType, String detail) {
        return new FieldError(field, Type.TYPE_INVALID, "\"" + actualType + "\"", detail);
    }

    /** Go's {@code %v} of a value: strings quoted, numbers and booleans bare. */
    static String quoted(JsonNode value) {
        return value == null || value.isNull() ? "\"null\"" : value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    }

    /** What a {@code StatusCause} carries as message: the error without its field. */
    String body() {
        String s = type == Type.REQUIRED || type == Type.TOO_LONG || badValue == null ? type.words : type.words + ": " + badValue;
        return detail == null ? s : s + ": " + detail;
    }

    @Override
    public String toString() {
        return field + ": " + body();
    }
}
