package io.portcullis.bench;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.portcullis.gateway.identity.IdentityHeaders;
import io.portcullis.policy.model.Identity;
import io.portcullis.policy.model.IdentitySettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The rewrite of a browser-like request's headers for the upstream ({@code IdentityHeadersFilter}): nine headers,
 * among them a Bearer token and two spoofed identity headers, read through the same read-only Netty adapter a
 * Reactor Netty request has; the client's are stripped and alice's {@code X-Auth-*} set.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IdentityHeadersBenchmark {

    static final String SPOOFED_USER = "admin";
    static final String SPOOFED_USER_ID = "99";

    HttpHeaders incoming;
    Identity alice;
    IdentitySettings settings;

    @Setup
    public void setUp() {
        BenchPolicy bench = BenchPolicy.load();
        alice = bench.identity("alice");
        settings = bench.snapshot().policy().identity();
        DefaultHttpHeaders netty = new DefaultHttpHeaders();
        netty.add("Host", "api.example.com");
        netty.add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        netty.add("Accept", "application/json");
        netty.add("Accept-Encoding", "gzip, deflate, br");
        netty.add("Accept-Language", "en-GB,en;q=0.9");
        netty.add("Authorization", "Bearer " + bench.accessToken("alice", Clock.systemUTC()));
        netty.add("X-Request-Id", "6f1c2a7e-93b4-4d1e-8a53-0c7d2f9e4b18");
        netty.add("X-Auth-User", SPOOFED_USER);
        netty.add("X_Auth_User_Id", SPOOFED_USER_ID);
        incoming = HttpHeaders.readOnlyHttpHeaders(new HttpHeaders(new Netty4HeadersAdapter(netty)));
    }

    @Benchmark
    public HttpHeaders rewrite() {
        return IdentityHeaders.rewrite(incoming, alice, settings);
    }
}
