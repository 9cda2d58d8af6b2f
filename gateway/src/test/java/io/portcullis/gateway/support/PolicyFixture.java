package io.portcullis.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Copies a test policy directory from resources to a temp directory, filling {@code ${name}} placeholders. */
public final class PolicyFixture {

    private PolicyFixture() {
    }

    public static Path write(String resourceDir, Map<String, String> values) {
        try {
            Path dir = Files.createTempDirectory("portcullis-policy");
            for (String file : new String[]{"policy.yaml", "users.yaml"}) {
                String text = read("/policies/" + resourceDir + "/" + file);
                for (Map.Entry<String, String> value : values.entrySet()) {
                    text = text.replace("${" + value.getKey() + "}", value.getValue());
                }
                Files.writeString(dir.resolve(file), text);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = PolicyFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
