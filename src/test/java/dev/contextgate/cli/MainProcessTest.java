package dev.contextgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real command in a child JVM, as a user runs it: exit status, stdout and stderr. */
class MainProcessTest {

    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    private Result contextgate(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(
                java, "-cp", System.getProperty("java.class.path"), "dev.contextgate.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CONTEXTGATE_") || k.startsWith("ANTHROPIC_")
                || k.startsWith("OPENAI_") || k.equals("LISTEN_PORT"));
        pb.environment().put("CONTEXTGATE_DATA_DIR", dir.resolve("data").toString());
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(done).as("contextgate %s finished within %ss", String.join(" ", args), TIMEOUT_SECONDS).isTrue();
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void portOutOfRangeIsRefusedBeforeAnythingStarts() throws Exception {
        Result r = contextgate("serve", "--port", "619009");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("contextgate: --port 619009 is not a TCP port: TCP ports stop at 65535."
                + " ContextGate's default is 61909 (try --port 61909).");
        assertThat(r.out()).doesNotContainIgnoringCase("listening");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void portInUseNamesThePortAndTheHoldingProcess() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();

            Result r = contextgate("serve", "--port", Integer.toString(port));

            assertThat(r.status()).isNotZero();
            assertThat(r.err()).contains("port " + port + " ").contains("already in use");
            if (Files.isReadable(Path.of("/proc/net/tcp"))) {
                assertThat(r.err()).contains("PID " + ProcessHandle.current().pid());
            }
            assertThat(r.out()).doesNotContainIgnoringCase("listening");
        }
    }

    @Test
    void nonLoopbackHostWithoutKeysIsRefused() throws Exception {
        Result r = contextgate("serve", "--host", "0.0.0.0");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("contextgate: --host 0.0.0.0: refusing to listen beyond this machine without client keys")
                .contains("contextgate hash-key")
                .contains("keys:");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void configErrorsAreOneLineEachWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("contextgate.yaml"), "server:\n  port: 61909\nproviders:\n  - { name: x, type: opnai }\n");

        Result r = contextgate("serve");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("contextgate: contextgate.yaml:4: providers[0].type: 'opnai' is not one of"
                + " anthropic, openai, simulated (did you mean 'openai'?)");
    }

    @Test
    void versionPrintsTheVersion() throws Exception {
        Result r = contextgate("--version");

        assertThat(r.status()).isZero();
        assertThat(r.out().strip()).isEqualTo("contextgate " + Version.current()).matches("contextgate \\S+");
    }
}
