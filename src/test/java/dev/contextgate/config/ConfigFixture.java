package dev.contextgate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A {@code contextgate.yaml} in a test's own directory, loaded the way the gateway loads it, named relative
 * to the working dir so that messages read {@code contextgate.yaml:N: ...}.
 */
final class ConfigFixture {

    private final Path dir;

    ConfigFixture(Path dir) {
        this.dir = dir;
    }

    ConfigLoader loader(Map<String, String> env) {
        return new ConfigLoader(env, dir, dir.resolve("home"));
    }

    void file(String yaml) throws IOException {
        Files.writeString(dir.resolve("contextgate.yaml"), yaml);
    }

    GatewayConfig load(String yaml, Map<String, String> env) throws Exception {
        file(yaml);
        return loader(env).load(new ConfigLoader.Flags(null, null, null, "contextgate.yaml"));
    }

    /** Every problem the file has; fails when the file is accepted. */
    List<String> problems(String yaml, Map<String, String> env) throws IOException {
        file(yaml);
        try {
            loader(env).load(new ConfigLoader.Flags(null, null, null, "contextgate.yaml"));
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be refused");
    }
}
