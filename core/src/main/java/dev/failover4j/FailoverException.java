package dev.failover4j;

/** A group could not start or run: no network provider, a missing capability, an unknown interface. */
public class FailoverException extends RuntimeException {
    /**
     * A failure with no cause.
     *
     * @param message what failed and what to do about it
     */
    public FailoverException(String message) {
        super(message);
    }

    /**
     * A failure caused by {@code cause}.
     *
     * @param message what failed and what to do about it
     * @param cause the underlying error
     */
    public FailoverException(String message, Throwable cause) {
        super(message, cause);
    }
}
