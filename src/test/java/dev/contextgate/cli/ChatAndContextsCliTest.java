package dev.contextgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.dialect.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chat} and {@code contexts} against a gateway on the simulated provider. */
class ChatAndContextsCliTest {

    @TempDir
    Path dir;

    private RunningGateway gateway;
    private String url;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        gateway = Application.start(new GatewayConfig(
                new ServerConfig("127.0.0.1", 0, null, 1024 * 1024), new StoreConfig("memory:"),
                List.of(), List.of(), List.of(), SimulatedConfig.DEFAULT, null));
        url = "http://127.0.0.1:" + gateway.port();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void oneShotChatPrintsTheStreamedAnswer() {
        assertThat(run("chat", "--url", url, "-m", "gpt-4o-mini", "Say", "hello")).as(err.toString()).isZero();
        assertThat(out.toString().strip()).isNotEmpty();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void oneShotChatStartsAGatewayInProcessWhenNoneAnswers() throws IOException {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("c.yaml"), "simulated: { latency_ms: 0 }\n");
        assertThat(run("chat", "--url", "http://127.0.0.1:" + free, "--data", dir.resolve("data").toString(),
                "--config", config.toString(), "hello")).as(err.toString()).isZero();
        assertThat(out.toString().strip()).isNotEmpty();
        assertThat(err.toString()).contains("started one in this process");
    }

    @Test
    void interactiveChatKeepsTheContextAndAnswersSlashCommands() throws Exception {
        ChatCommand chat = new ChatCommand();
        chat.model = "gpt-4o-mini";
        chat.context = "cli-test";
        StringWriter screen = new StringWriter();
        String typed = "My name is Ada\n/model claude-sonnet-4-5\n/window\nWhat is my name?\n/exit\n";
        chat.interactive(new GatewayClient(url, null),
                new java.io.BufferedReader(new java.io.StringReader(typed)), new PrintWriter(screen, true), new PrintWriter(err, true));

        assertThat(screen.toString()).contains("model: claude-sonnet-4-5").contains("window for claude-sonnet-4-5")
                .contains("messages sent: 2");
        assertThat(err.toString()).isEmpty();
        assertThat(run("contexts", "--url", url, "show", "cli-test")).isZero();
        assertThat(out.toString()).contains("user: My name is Ada").contains("user: What is my name?");
    }

    @Test
    void contextsExportImportRoundTrips() throws Exception {
        assertThat(run("chat", "--url", url, "--context", "trip-1", "first question")).isZero();
        assertThat(run("chat", "--url", url, "--context", "trip-2", "second question")).isZero();

        assertThat(run("contexts", "--url", url, "ls")).isZero();
        assertThat(out.toString()).contains("trip-1").contains("trip-2");

        assertThat(run("contexts", "--url", url, "export")).as(err.toString()).isZero();
        String exported = out.toString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : exported.strip().split("\n")) {
            lines.add(Json.MAPPER.readTree(line));
        }
        assertThat(lines).extracting(l -> l.path("context").path("id").asText()).containsExactlyInAnyOrder("trip-1", "trip-2");

        assertThat(run("contexts", "--url", url, "rm", "trip-1")).isZero();
        assertThat(run("contexts", "--url", url, "rm", "trip-2")).isZero();
        assertThat(run("contexts", "--url", url, "show", "trip-1")).isEqualTo(1);
        assertThat(err.toString()).contains("404");

        Path file = Files.writeString(dir.resolve("contexts.jsonl"), exported);
        assertThat(run("contexts", "--url", url, "import", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("imported 2");
        assertThat(run("contexts", "--url", url, "export", "trip-1")).isZero();
        JsonNode again = Json.MAPPER.readTree(out.toString());
        JsonNode before = lines.stream().filter(l -> l.path("context").path("id").asText().equals("trip-1")).findFirst().orElseThrow();
        assertThat(again.path("messages")).isEqualTo(before.path("messages"));
        assertThat(again.path("context").path("message_count")).isEqualTo(before.path("context").path("message_count"));

        assertThat(run("contexts", "--url", url, "window", "trip-1", "-m", "gpt-4o")).isZero();
        assertThat(out.toString()).contains("messages sent: 2");
    }

    @Test
    void chatStreamReaderJoinsDeltasAndStopsAtDone() throws IOException {
        String sse = ": comment\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\ndata: [DONE]\n\n";
        List<String> parts = new ArrayList<>();
        String text = ChatStream.read(new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8)), parts::add);
        assertThat(text).isEqualTo("Hello");
        assertThat(parts).containsExactly("Hel", "lo");
    }
}
