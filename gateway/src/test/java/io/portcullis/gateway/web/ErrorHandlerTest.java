package io.portcullis.gateway.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import reactor.netty.channel.AbortedException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorHandlerTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(ErrorHandler.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    private long errorsLogged() {
        return logged.list.stream().filter(event -> event.getLevel() == Level.ERROR).count();
    }

    @Test
    void aClientThatClosedItsConnectionIsRoutineNotAnErrorInTheLog() {
        ApiError error = ErrorHandler.toApiError(new AbortedException("Connection has been closed BEFORE send operation"));

        assertThat(error.reason()).isEqualTo("client_closed");
        assertThat(errorsLogged()).isZero();
    }

    @Test
    void anUnexpectedFailureIsA500AndLoggedAsAnError() {
        ApiError error = ErrorHandler.toApiError(new IllegalStateException("bug"));

        assertThat(error.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(error.reason()).isEqualTo("server_error");
        assertThat(errorsLogged()).isEqualTo(1);
    }
}
