package io.k0rdent.backup.schedule;

/** Signals a schedule expression that cannot be accepted, with a message meant for the person who wrote it. */
public class InvalidScheduleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String expression;
    private final String reason;

    public InvalidScheduleException(String expression, String reason) {
        this(expression, reason, null);
    }

    public InvalidScheduleException(String expression, String reason, Throwable cause) {
        super("invalid schedule \"" + expression + "\": " + reason, cause);
        this.expression = expression;
        this.reason = reason;
    }

    /** The rejected expression as given. */
    public String expression() {
        return expression;
    }

    /** What is wrong, without the expression, e.g. {@code minute value 60 is out of range 0-59}. */
    public String reason() {
        return reason;
    }
}
