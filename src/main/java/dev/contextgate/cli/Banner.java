package dev.contextgate.cli;

import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;

/** What {@code serve} prints once it listens: where, with which providers (never their keys), and a first call. */
final class Banner {

    private Banner() {}

    static String render(GatewayConfig config, String version, int port) {
        String base = "http://" + urlHost(config.server().host()) + ":" + port;
        StringBuilder b = new StringBuilder();
        b.append("ContextGate ").append(version).append(" listening on ").append(base).append('\n');
        boolean onlySimulated = config.providers().stream().allMatch(p -> p.type() == ProviderType.SIMULATED);
        if (onlySimulated) {
            b.append("  no provider key is set: answers come from the built-in simulated provider (offline, deterministic).\n")
                    .append("  For real models set ANTHROPIC_API_KEY and/or OPENAI_API_KEY (or OPENAI_BASE_URL for a local\n")
                    .append("  OpenAI-compatible server such as Ollama), or add providers to contextgate.yaml, then restart.\n");
        } else {
            b.append("  providers:\n");
            int width = config.providers().stream().mapToInt(p -> p.name().length()).max().orElse(0);
            for (ProviderConfig p : config.providers()) {
                b.append("    ").append(pad(p.name(), width)).append("  ").append(pad(p.type().configName(), 9))
                        .append("  ").append(p.baseUrl() == null ? "(built in)" : p.baseUrl())
                        .append("  ").append(p.hasKey() ? "key set" : "no key").append('\n');
            }
        }
        b.append("  data:   ").append(config.server().dataDir()).append("  (store ").append(config.store().url()).append(")\n");
        if (!config.keys().isEmpty()) {
            b.append("  client keys: ").append(config.keys().size())
                    .append(" configured; send one as `Authorization: Bearer <key>`\n");
        }
        b.append("  try:    curl ").append(base).append("/v1/chat/completions -H 'content-type: application/json'");
        if (!config.keys().isEmpty()) {
            b.append(" -H 'authorization: Bearer YOUR_CLIENT_KEY'");
        }
        b.append(" -d '{\"model\":\"local-claude-proxy\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'\n");
        return b.toString();
    }

    /** A wildcard address is reached through loopback; IPv6 literals need brackets in a URL. */
    static String urlHost(String host) {
        if (host.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (host.equals("::") || host.equals("[::]")) {
            return "[::1]";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
