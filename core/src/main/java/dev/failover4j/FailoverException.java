package dev.failover4j;

/** A group could not start or run: no network provider, a missing capability, an unknown interface. */
public class FailoverException extends RuntimeException {
    public FailoverException(String message) {
        super(message);
    }

    public FailoverException(String message, Throwable cause) {
        super(message, cause);
    }
}
