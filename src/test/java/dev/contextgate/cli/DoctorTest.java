package dev.contextgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.config.ConfigLoader;
import dev.contextgate.provider.FakeUpstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doctor} on a healthy setup and on each broken one: the right row fails, with its fix. */
class DoctorTest {

    private static final String KEY = "sk-test-doctor-123";

    @TempDir
    Path dir;

    private final FakeUpstream upstream = FakeUpstream.start();

    @AfterEach
    void stop() {
        upstream.close();
    }

    private DoctorReport doctor(String yaml, String dataDir, int port) throws IOException {
        Path config = dir.resolve("contextgate.yaml");
        Files.writeString(config, yaml);
        ConfigLoader loader = new ConfigLoader(Map.of(), dir, dir);
        return new Doctor(loader, new ConfigLoader.Flags(null, String.valueOf(port), dataDir, config.toString()), null).run();
    }

    private String providerYaml(String baseUrl) {
        return "providers:\n  - { name: up, type: openai, base_url: \"" + baseUrl + "\", api_key: \"" + KEY + "\" }\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void healthySetupPassesEveryRow() throws Exception {
        upstream.enqueue(FakeUpstream.json(200, "{\"object\":\"list\",\"data\":[]}"));
        DoctorReport report = doctor(providerYaml(upstream.url() + "/v1"), dir.resolve("data").toString(), freePort());

        assertThat(report.healthy()).as(report.table()).isTrue();
        assertThat(report.row("provider up").detail()).contains("200").contains("key accepted").doesNotContain(KEY);
        assertThat(report.row("store").status()).isEqualTo(DoctorReport.Status.PASS);
        assertThat(report.row("gateway").detail()).contains("not running").contains("connection refused");
        assertThat(upstream.takeRequest().header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(report.table()).contains("All checks passed.");
        assertThat(report.json()).contains("\"ok\" : true");
    }

    @Test
    void badYamlFailsTheConfigRow() throws Exception {
        DoctorReport report = doctor("server:\n  port: [unclosed\n", null, freePort());

        assertThat(report.healthy()).isFalse();
        assertThat(report.row("config").status()).isEqualTo(DoctorReport.Status.FAIL);
        assertThat(report.row("config").detail()).contains("contextgate.yaml");
        assertThat(report.row("config").fix()).isNotBlank();
    }

    @Test
    void portHeldByAnotherProcessNamesItAndSuggestsAnotherPort() throws Exception {
        upstream.enqueue(FakeUpstream.json(200, "{\"data\":[]}"));
        try (ServerSocket holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress("127.0.0.1", 0));
            DoctorReport report = doctor(providerYaml(upstream.url() + "/v1"), dir.resolve("data").toString(),
                    holder.getLocalPort());

            DoctorReport.Check port = report.row("port");
            assertThat(port.status()).isEqualTo(DoctorReport.Status.FAIL);
            assertThat(port.detail()).contains("PID " + ProcessHandle.current().pid()).contains("not a ContextGate");
            assertThat(port.fix()).contains("--port");
            assertThat(report.healthy()).isFalse();
        }
    }

    @Test
    void unwritableDataDirFailsWithItsFix() throws Exception {
        upstream.enqueue(FakeUpstream.json(200, "{\"data\":[]}"));
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        DoctorReport report = doctor(providerYaml(upstream.url() + "/v1"), file.resolve("data").toString(), freePort());

        DoctorReport.Check data = report.row("data dir");
        assertThat(data.status()).isEqualTo(DoctorReport.Status.FAIL);
        assertThat(data.detail()).contains("not writable");
        assertThat(data.fix()).contains("--data");
        assertThat(report.healthy()).isFalse();
    }

    @Test
    void upstreamRefusingTheKeySaysSoInPlainWords() throws Exception {
        upstream.enqueue(FakeUpstream.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));
        DoctorReport report = doctor(providerYaml(upstream.url() + "/v1"), dir.resolve("data").toString(), freePort());

        DoctorReport.Check provider = report.row("provider up");
        assertThat(provider.status()).isEqualTo(DoctorReport.Status.FAIL);
        assertThat(provider.detail()).contains("401").contains("the key was refused").doesNotContain(KEY);
        assertThat(provider.fix()).contains("OPENAI_API_KEY");
        assertThat(report.healthy()).isFalse();
    }

    @Test
    void unreachableUpstreamSaysConnectionRefused() throws Exception {
        int closed = freePort();
        DoctorReport report = doctor(providerYaml("http://127.0.0.1:" + closed + "/v1"), dir.resolve("data").toString(), freePort());

        DoctorReport.Check provider = report.row("provider up");
        assertThat(provider.status()).isEqualTo(DoctorReport.Status.FAIL);
        assertThat(provider.detail()).contains("connection refused").contains("127.0.0.1:" + closed);
        assertThat(provider.fix()).contains("base_url");
        assertThat(report.healthy()).isFalse();
    }

    @Test
    void anthropicProbeUsesItsOwnPathAndHeaders() throws Exception {
        upstream.enqueue(FakeUpstream.json(200, "{\"data\":[]}"));
        DoctorReport report = doctor("providers:\n  - { name: claude, type: anthropic, base_url: \"" + upstream.url()
                + "\", api_key: \"" + KEY + "\" }\n", dir.resolve("data").toString(), freePort());

        assertThat(report.row("provider claude").status()).isEqualTo(DoctorReport.Status.PASS);
        FakeUpstream.Recorded r = upstream.takeRequest();
        assertThat(r.path()).isEqualTo("/v1/models");
        assertThat(r.header("x-api-key")).isEqualTo(KEY);
        assertThat(r.header("anthropic-version")).isNotBlank();
    }
}
