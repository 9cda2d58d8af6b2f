package io.portcullis.policy.password;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.security.MessageDigest;
import java.util.Map;

/**
 * Django's {@code Argon2PasswordHasher}: {@code argon2} followed by the reference implementation's encoding,
 * {@code $argon2id$v=19$m=102400,t=2,p=8$<salt>$<hash>} (unpadded base64). Django hands it to argon2-cffi, which
 * accepts every variety ({@code argon2i}, {@code argon2d}, {@code argon2id}) and the version-less form of hashes
 * made by Django 1.10's argon2i (version 0x10), and reads it as strictly as libargon2's {@code decode_string}:
 * canonical numbers, canonical base64, salt of 8 bytes or more, hash of 4 or more, memory of 8 KiB per lane.
 */
record Argon2Hash(int type, int version, int memoryKib, int iterations, int lanes, byte[] salt, byte[] hash)
        implements DjangoHash {

    private static final String PREFIX = "argon2$";
    private static final Map<String, Integer> TYPES = Map.of(
            "argon2i", Argon2Parameters.ARGON2_i,
            "argon2d", Argon2Parameters.ARGON2_d,
            "argon2id", Argon2Parameters.ARGON2_id);
    private static final Map<String, Integer> VERSIONS = Map.of(
            "v=16", Argon2Parameters.ARGON2_VERSION_10,
            "v=19", Argon2Parameters.ARGON2_VERSION_13);

    static Argon2Hash parse(String encoded) {
        String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
        boolean versioned = parts.length == 5;
        if ((parts.length != 4 && !versioned) || !TYPES.containsKey(parts[0])
                || (versioned && !VERSIONS.containsKey(parts[1]))) {
            return null;
        }
        int version = versioned ? VERSIONS.get(parts[1]) : Argon2Parameters.ARGON2_VERSION_10;
        int at = versioned ? 2 : 1;
        long[] costs = costs(parts[at]);
        byte[] salt = Base64Strict.unpadded(parts[at + 1]);
        byte[] hash = Base64Strict.unpadded(parts[at + 2]);
        if (costs == null || salt == null || salt.length < 8 || hash == null || hash.length < 4) {
            return null;
        }
        return new Argon2Hash(TYPES.get(parts[0]), version, (int) costs[0], (int) costs[1], (int) costs[2], salt, hash);
    }

    /** {@code m=..,t=..,p=..} as memory, iterations and lanes, when valid for libargon2 and within the limits. */
    private static long[] costs(String text) {
        String[] fields = text.split(",", -1);
        if (fields.length != 3 || !fields[0].startsWith("m=") || !fields[1].startsWith("t=")
                || !fields[2].startsWith("p=")) {
            return null;
        }
        long memory = Decimal.positive(fields[0].substring(2), CostLimits.ARGON2_MEMORY_KIB);
        long iterations = Decimal.positive(fields[1].substring(2), CostLimits.ARGON2_ITERATIONS);
        long lanes = Decimal.positive(fields[2].substring(2), CostLimits.ARGON2_LANES);
        boolean valid = memory > 0 && iterations > 0 && lanes > 0 && memory >= 8 * lanes
                && memory * iterations <= CostLimits.ARGON2_WORK_KIB;
        return valid ? new long[] {memory, iterations, lanes} : null;
    }

    @Override
    public boolean verify(byte[] password) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(type).withVersion(version).withMemoryAsKB(memoryKib)
                .withIterations(iterations).withParallelism(lanes).withSalt(salt).build());
        byte[] actual = new byte[hash.length];
        generator.generateBytes(password, actual);
        return MessageDigest.isEqual(hash, actual);
    }

    @Override
    public String toString() {
        return "argon2$m=" + memoryKib + ",t=" + iterations + ",p=" + lanes + "$...";
    }
}
