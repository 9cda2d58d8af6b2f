package io.portcullis.gateway.observe;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** An OTLP/HTTP trace receiver: WireMock accepting {@code POST /v1/traces}, decoding what it got with the OTLP protobufs. */
final class OtlpReceiver {

    static final String PATH = "/v1/traces";

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    OtlpReceiver() {
        server.start();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-protobuf")));
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.port() + PATH;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    int exports() {
        return server.findAll(postRequestedFor(urlEqualTo(PATH))).size();
    }

    /** Every span received so far, in the order received. */
    List<ExportedSpan> spans() {
        return server.findAll(postRequestedFor(urlEqualTo(PATH))).stream()
                .flatMap(request -> decode(request.getBody()).getResourceSpansList().stream())
                .flatMap(resource -> resource.getScopeSpansList().stream())
                .flatMap(scope -> scope.getSpansList().stream())
                .map(ExportedSpan::of)
                .toList();
    }

    List<ExportedSpan> spans(String traceId) {
        return spans().stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    void stop() {
        server.stop();
    }

    private static ExportTraceServiceRequest decode(byte[] body) {
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not an OTLP protobuf export", e);
        }
    }

    /** One exported span, ids in hex as in traceparent, attribute values as strings. */
    record ExportedSpan(String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind,
                        Map<String, String> attributes) {

        static ExportedSpan of(Span span) {
            HexFormat hex = HexFormat.of();
            return new ExportedSpan(hex.formatHex(span.getTraceId().toByteArray()),
                    hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
                    span.getName(), span.getKind(),
                    span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> text(kv.getValue()))));
        }

        private static String text(AnyValue value) {
            return switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> Long.toString(value.getIntValue());
                case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
                case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
                default -> value.toString();
            };
        }
    }
}
