package dev.contextgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code contextgate contexts ...}: the context API of a running gateway, from the shell. */
@Command(
        name = "contexts",
        mixinStandardHelpOptions = true,
        description = "List, show, export, import and remove the contexts of a running gateway.")
final class ContextsCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "gateway to talk to (default http://127.0.0.1:61909; env CONTEXTGATE_URL)")
    String url;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.USAGE;
    }

    @Command(name = "ls", description = "list contexts, newest first")
    int ls(@Option(names = "--limit", defaultValue = "100", description = "at most this many (default ${DEFAULT-VALUE})") int limit)
            throws Exception {
        return run(client -> {
            PrintWriter out = out();
            String after = null;
            int shown = 0;
            out.printf("%-40s %8s %8s  %s%n", "ID", "MESSAGES", "TOKENS", "UPDATED");
            while (shown < limit) {
                JsonNode page = client.get("/v1/contexts?limit=" + Math.min(100, limit - shown)
                        + (after == null ? "" : "&after=" + enc(after)));
                for (JsonNode c : page.path("data")) {
                    out.printf("%-40s %8d %8d  %s%n", c.path("id").asText(), c.path("message_count").asInt(),
                            c.path("token_count").asInt(), Instant.ofEpochSecond(c.path("updated_at").asLong()));
                    shown++;
                    after = c.path("id").asText();
                }
                if (!page.path("has_more").asBoolean() || page.path("data").isEmpty()) {
                    break;
                }
            }
        });
    }

    @Command(name = "show", description = "one context and its messages")
    int show(@Parameters(paramLabel = "ID") String id) throws Exception {
        return run(client -> {
            PrintWriter out = out();
            JsonNode c = client.get("/v1/contexts/" + enc(id));
            out.println(c.toPrettyString());
            JsonNode messages = client.get("/v1/contexts/" + enc(id) + "/messages?limit=100");
            for (JsonNode m : messages.path("data")) {
                StringBuilder text = new StringBuilder();
                for (JsonNode block : m.path("content")) {
                    text.append(block.path("type").asText().equals("text") ? block.path("text").asText() : "[" + block.path("type").asText() + "]");
                }
                out.println(m.path("role").asText() + ": " + text);
            }
            if (messages.path("has_more").asBoolean()) {
                out.println("… more: GET /v1/contexts/" + id + "/messages?after=" + messages.path("last_id").asText());
            }
        });
    }

    @Command(name = "window", description = "what the next call to a model would send from this context")
    int window(@Parameters(paramLabel = "ID") String id,
            @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL") String model) throws Exception {
        return run(client -> out().print(ChatCommand.renderWindow(
                client.get("/v1/contexts/" + enc(id) + "/window?model=" + enc(model)))));
    }

    @Command(name = "export", description = "JSON Lines, one context per line, to standard output (all contexts without ID)")
    int export(@Parameters(paramLabel = "ID", arity = "0..1") String id) throws Exception {
        return run(client -> {
            PrintWriter out = out();
            if (id != null) {
                out.print(withNewline(client.getText("/v1/contexts/" + enc(id) + "/export")));
                return;
            }
            String after = null;
            while (true) {
                JsonNode page = client.get("/v1/contexts?limit=100" + (after == null ? "" : "&after=" + enc(after)));
                for (JsonNode c : page.path("data")) {
                    after = c.path("id").asText();
                    out.print(withNewline(client.getText("/v1/contexts/" + enc(after) + "/export")));
                }
                if (!page.path("has_more").asBoolean() || page.path("data").isEmpty()) {
                    return;
                }
            }
        });
    }

    @Command(name = "import", description = "contexts from a JSON Lines file as export writes it (- for standard input)")
    int importFile(@Parameters(paramLabel = "FILE") String file) throws Exception {
        return run(client -> {
            byte[] body = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            JsonNode r = client.post("/v1/contexts/import", "application/x-ndjson", body);
            out().println(r.has("data") ? "imported " + r.path("data").size() + " context(s)" : r.toString());
        });
    }

    @Command(name = "rm", description = "delete a context and all its messages")
    int rm(@Parameters(paramLabel = "ID") String id) throws Exception {
        return run(client -> {
            client.delete("/v1/contexts/" + enc(id));
            out().println("deleted " + id);
        });
    }

    private interface Call {
        void run(GatewayClient client) throws IOException, InterruptedException;
    }

    private int run(Call call) throws InterruptedException {
        String base = url != null ? url : System.getenv().getOrDefault("CONTEXTGATE_URL", "http://127.0.0.1:61909");
        try {
            call.run(new GatewayClient(base, System.getenv("CONTEXTGATE_API_KEY")));
            out().flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("contextgate: " + e.getMessage());
            return Main.FAILED;
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static String withNewline(String s) {
        return s.endsWith("\n") ? s : s + "\n";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
