package io.portcullis.gateway.issuers;

/**
 * One attempt to fetch an issuer's keys failed. The message is a short reason made here (a status, a timeout, a size, a
 * parse failure), never a body, a key or a library's message, so it is safe in logs and health details.
 */
final class JwksFetchException extends RuntimeException {

    JwksFetchException(String reason) {
        super(reason, null, false, false);
    }
}
