package io.portcullis.gateway.reload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** SHA-256 over files' names and bytes: equal fingerprints, equal content. Reading never throws. */
final class Fingerprint {

    /** Larger files are not read on every look: their size and modification time stand for their bytes. */
    private static final long MAX_READ_BYTES = 1024 * 1024;

    private Fingerprint() {
    }

    /** A missing or unreadable file counts as a content of its own (so its reappearance is a change). */
    static byte[] of(List<Path> files) {
        MessageDigest digest = sha256();
        for (Path file : files) {
            digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(content(file));
            digest.update((byte) 0);
        }
        return digest.digest();
    }

    /**
     * The entries of {@code directory} that {@code counts}, by name and content. A symlinked directory is followed at
     * every look, so re-pointing it is a change; an unlistable directory (missing, not a directory) is a content of
     * its own.
     */
    static byte[] ofDirectory(Path directory, Predicate<Path> counts) {
        try (Stream<Path> entries = Files.list(directory)) {
            return of(entries.filter(counts).sorted().toList());
        } catch (IOException | UncheckedIOException e) {
            return ("(unlistable) " + e.getClass().getSimpleName()).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static byte[] content(Path file) {
        try {
            if (Files.isDirectory(file)) {
                return "(directory)".getBytes(StandardCharsets.US_ASCII);
            }
            long size = Files.size(file);
            if (size > MAX_READ_BYTES) {
                return ("(large) " + size + " " + Files.getLastModifiedTime(file)).getBytes(StandardCharsets.US_ASCII);
            }
            return sha256().digest(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return "(missing)".getBytes(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return ("(unreadable) " + e.getClass().getSimpleName()).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
