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
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.netty.channel.AbortedException;

import java.io.IOException;

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
    void answerWhenTheAnswerHasStartedThenItIsCutNotCompletedAndLoggedAsUpstreamReset() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));
        exchange.getResponse().setStatusCode(HttpStatus.OK);
        exchange.getResponse().setComplete().block();

        ErrorHandler.answer(exchange, new IOException("Connection reset by peer")).block();

        ApiError error = exchange.getAttribute(ExchangeAttributes.ERROR);
        assertThat(error.reason()).isEqualTo("upstream_reset");
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void anIllegalArgumentIsABugNotAnUpstreamThatDoesNotSpeakHttp() {
        assertThat(ErrorHandler.toApiError(new IllegalArgumentException("bug")).status())
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    @Test
    void anUnexpectedFailureIsA500AndLoggedAsAnError() {
        ApiError error = ErrorHandler.toApiError(new IllegalStateException("bug"));

        assertThat(error.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(error.reason()).isEqualTo("server_error");
        assertThat(errorsLogged()).isEqualTo(1);
    }
}
