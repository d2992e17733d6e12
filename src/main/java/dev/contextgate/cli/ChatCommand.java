package dev.contextgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.contextgate.dialect.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code contextgate chat}: a terminal client. With a prompt it answers once and exits; without, it
 * reads lines until {@code /exit}. It streams from a running gateway ({@code --url}), or starts one in
 * this process when none answers there.
 */
@Command(
        name = "chat",
        mixinStandardHelpOptions = true,
        description = {"Chat with a model through the gateway, streaming the answer.",
            "  contextgate chat -m MODEL \"prompt\"     one question, for scripts",
            "  contextgate chat [--context ID]        interactive; /help lists the commands"})
final class ChatCommand implements Callable<Integer> {

    static final String HELP = """
            /model [NAME]    show or switch the model
            /context [ID]    show the context, or switch to (resume) another one
            /clear           start a new, empty context (the old one stays stored)
            /window          what the next call would send: tokens, budget, messages left out
            /exit            leave (also /quit, or Ctrl-D)""";

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", defaultValue = "local-claude-proxy",
            description = "model to ask (default ${DEFAULT-VALUE}: the configured default model)")
    String model;

    @Option(names = "--context", paramLabel = "ID", description = "context to use or resume (interactive default: a new one)")
    String context;

    @Option(names = "--url", paramLabel = "URL", description = "gateway to talk to (default http://127.0.0.1:61909; env CONTEXTGATE_URL)")
    String url;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory of an in-process gateway (as for serve)")
    String data;

    @Option(names = "--config", paramLabel = "FILE", description = "config file of an in-process gateway (as for serve)")
    String config;

    @Parameters(arity = "0..*", paramLabel = "PROMPT", description = "the question; without it, chat interactively")
    List<String> prompt;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String base = url != null ? url : envOr("CONTEXTGATE_URL", "http://127.0.0.1:61909");
        try (LocalGateway gateway = LocalGateway.reachOrStart(base, data, config, err)) {
            GatewayClient client = new GatewayClient(gateway.url(), System.getenv("CONTEXTGATE_API_KEY"));
            if (prompt != null && !prompt.isEmpty()) {
                ask(client, String.join(" ", prompt), out);
                return 0;
            }
            interactive(client, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out, err);
            return 0;
        } catch (GatewayClient.ApiException e) {
            err.println("contextgate: " + e.getMessage());
            return Main.FAILED;
        }
    }

    void interactive(GatewayClient client, BufferedReader in, PrintWriter out, PrintWriter err) throws Exception {
        if (context == null) {
            context = newContextId();
        }
        out.println("ContextGate chat at " + client.base() + " — model " + model + ", context " + context);
        out.println("Type a message, or /help. /exit leaves.");
        while (true) {
            out.print("you> ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                out.println();
                return;
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("/")) {
                if (!command(client, line, out)) {
                    return;
                }
                continue;
            }
            try {
                ask(client, line, out);
            } catch (IOException e) {
                err.println("error: " + e.getMessage());
                err.flush();
            }
        }
    }

    /** Runs one slash command; false means leave. */
    private boolean command(GatewayClient client, String line, PrintWriter out) {
        String[] parts = line.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        switch (parts[0]) {
            case "/exit", "/quit" -> {
                return false;
            }
            case "/help" -> out.println(HELP);
            case "/model" -> {
                if (!arg.isEmpty()) {
                    model = arg;
                }
                out.println("model: " + model);
            }
            case "/context" -> {
                if (!arg.isEmpty()) {
                    context = arg;
                }
                out.println("context: " + context);
            }
            case "/clear" -> {
                String old = context;
                context = newContextId();
                out.println("new context " + context + " (the old one, " + old + ", stays stored)");
            }
            case "/window" -> out.print(window(client));
            default -> out.println("unknown command " + parts[0] + "; /help lists them");
        }
        out.flush();
        return true;
    }

    private String window(GatewayClient client) {
        try {
            JsonNode w = client.get("/v1/contexts/" + enc(context) + "/window?model=" + enc(model));
            return renderWindow(w);
        } catch (GatewayClient.ApiException e) {
            return e.status == 404 ? "context " + context + " is empty so far (nothing stored yet)\n" : "window: " + e.getMessage() + "\n";
        } catch (IOException e) {
            return "window: " + e.getMessage() + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted\n";
        }
    }

    static String renderWindow(JsonNode w) {
        StringBuilder b = new StringBuilder();
        b.append("window for ").append(w.path("model").asText()).append(": ")
                .append(w.path("tokens").asInt()).append(" tokens of a ").append(w.path("budget").asInt())
                .append(" budget (context window ").append(w.path("context_window").asInt()).append(")\n");
        b.append("  messages sent: ").append(w.path("messages").size())
                .append(", left out: ").append(w.path("left_out_count").asInt()).append('\n');
        for (JsonNode m : w.path("messages")) {
            String text = firstText(m);
            b.append("  ").append(m.path("role").asText()).append(": ")
                    .append(text.length() > 60 ? text.substring(0, 60) + "…" : text).append('\n');
        }
        return b.toString();
    }

    private static String firstText(JsonNode m) {
        for (JsonNode block : m.path("content")) {
            if (block.path("type").asText().equals("text")) {
                return block.path("text").asText().replace('\n', ' ');
            }
        }
        return "(" + m.path("content").size() + " blocks)";
    }

    /** Streams one answer to {@code out} as it comes. */
    private void ask(GatewayClient client, String text, PrintWriter out) throws IOException, InterruptedException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        body.put("stream", true);
        if (context != null) {
            body.put("context_id", context);
        }
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        try (InputStream events = client.stream("/v1/chat/completions", body.toString())) {
            ChatStream.read(events, delta -> {
                out.print(delta);
                out.flush();
            });
        }
        out.println();
        out.flush();
    }

    static String newContextId() {
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        return "chat-" + HexFormat.of().formatHex(bytes);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
