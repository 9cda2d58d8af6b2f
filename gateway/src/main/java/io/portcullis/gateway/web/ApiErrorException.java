package io.portcullis.gateway.web;

/** Carries an {@link ApiError} through a reactive chain to the one writer. No stack trace: it is an answer, not a bug. */
public final class ApiErrorException extends RuntimeException {

    private final transient ApiError error;

    public ApiErrorException(ApiError error) {
        super(error.reason(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
