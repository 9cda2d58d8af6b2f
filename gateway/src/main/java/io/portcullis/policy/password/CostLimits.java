package io.portcullis.policy.password;

/**
 * The dearest hashes this package checks. A stored hash names its own cost, so one absurd row (by mistake or
 * tampering) could otherwise hold a checking thread for minutes or exhaust the heap on every login attempt; a hash
 * beyond these limits never matches. Each limit is well above Django's default (docs/users.md lists them).
 */
final class CostLimits {

    /** PBKDF2 iterations: 10 million (Django 5.2 makes 1,000,000; Django 3.2 260,000). */
    static final long PBKDF2_ITERATIONS = 10_000_000;

    /** bcrypt cost, log2 of the rounds: 16 (Django makes 12; each step doubles the time). */
    static final int BCRYPT_COST = 16;

    /** Argon2 memory in KiB: 256 MiB (Django makes 100 MiB). Each check in flight holds this much heap. */
    static final long ARGON2_MEMORY_KIB = 256 * 1024;

    /** Argon2 passes over the memory: 16 (Django makes 2). */
    static final long ARGON2_ITERATIONS = 16;

    /** Argon2 memory times passes, in KiB: 1 GiB (Django makes 200 MiB), so both limits cannot be reached at once. */
    static final long ARGON2_WORK_KIB = 1024 * 1024;

    /** Argon2 lanes: 64 (Django makes 8). */
    static final long ARGON2_LANES = 64;

    /**
     * scrypt memory, 128 * r * (N + 2 + p) bytes: 32 MiB, the most Django itself can check (it passes
     * {@code maxmem=0} to {@code hashlib.scrypt}, which leaves OpenSSL's 32 MiB limit); Django makes 16 MiB.
     */
    static final long SCRYPT_MEMORY_BYTES = 32L * 1024 * 1024;

    /** scrypt parallelism: 16 (Django 4.2 makes 1, later versions 5). Time grows with it, memory hardly. */
    static final long SCRYPT_PARALLELISM = 16;

    private CostLimits() {
    }
}
