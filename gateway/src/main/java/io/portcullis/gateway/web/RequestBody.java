package io.portcullis.gateway.web;

import org.springframework.http.HttpHeaders;

/** Whether a request carries a body at all (RFC 9112 section 6.3): only a positive Content-Length or a Transfer-Encoding says so. */
public final class RequestBody {

    private RequestBody() {
    }

    public static boolean present(HttpHeaders headers) {
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }
}
