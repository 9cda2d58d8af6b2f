package io.portcullis.bench;

import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.token.InvalidTokenException;
import io.portcullis.policy.token.JwtVerifier;
import io.portcullis.policy.token.TokenType;
import io.portcullis.policy.token.VerifiedToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Verification of a real HS256 access token, as {@code JwtAuthenticator} asks for it on every Bearer request:
 * without the cache of verified tokens ({@code cacheSize} 0: parse, HMAC and claim checks every time) and with the
 * default cache, primed in set-up (the same token again: SHA-256 of the token, a cache look-up, the expiry check).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JwtVerifyBenchmark {

    /** cacheSize 0: no cache. */
    JwtVerifier uncached;
    /** The default-size cache, as the gateway builds it. */
    JwtVerifier cached;
    String token;

    @Setup
    public void setUp() throws InvalidTokenException {
        BenchPolicy bench = BenchPolicy.load();
        TokenSettings settings = bench.snapshot().policy().tokens();
        Clock clock = Clock.systemUTC();
        uncached = new JwtVerifier(bench.keys(), settings, clock, 0);
        cached = new JwtVerifier(bench.keys(), settings, clock);
        token = bench.accessToken("alice", clock);
        cached.verify(token, TokenType.ACCESS);
    }

    @Benchmark
    public VerifiedToken verifyCacheMiss() throws InvalidTokenException {
        return uncached.verify(token, TokenType.ACCESS);
    }

    @Benchmark
    public VerifiedToken verifyCacheHit() throws InvalidTokenException {
        return cached.verify(token, TokenType.ACCESS);
    }
}
