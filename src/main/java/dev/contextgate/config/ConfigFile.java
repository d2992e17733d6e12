package dev.contextgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configuration file's layer: reads a {@link YamlDocument} into plain values, expanding {@code ${VAR}}
 * and reporting every problem with file, line and key path. Values the file does not set stay null.
 */
final class ConfigFile {

    private static final Set<String> TOP = Set.of("server", "store", "providers", "models", "keys", "simulated", "default_model", "resilience", "logs", "summarize");
    private static final Set<String> SERVER = Set.of("host", "port", "data_dir", "max_body_mb");
    private static final Set<String> STORE = Set.of("url");
    private static final Set<String> PROVIDER = Set.of("name", "type", "api_key", "base_url", "headers", "timeout_seconds",
            "max_in_flight", "max_in_flight_wait_seconds");
    private static final String MAX_IN_FLIGHT_WAIT_HINT = "write seconds from 0 (refuse at once) to "
            + ProviderConfig.MAX_IN_FLIGHT_WAIT_LIMIT.toSeconds() + ", e.g. 5 (the default) or 0.5";
    private static final Set<String> MODEL = Set.of("name", "targets", "fallbacks", "context_window", "max_output_tokens", "provider", "model",
            "timeouts", "context_window_fallback");
    private static final Set<String> TARGET = Set.of("provider", "model", "weight", "api_key", "base_url");
    private static final Set<String> KEY = Set.of("name", "key_sha256");
    private static final Set<String> LOGS = Set.of("bodies", "retention_days");
    private static final Set<String> SIMULATED = Set.of("latency_ms", "tokens_per_second");
    private static final List<String> TYPES = List.of("anthropic", "openai", "simulated");
    static final Pattern PROVIDER_NAME = Pattern.compile("[a-z0-9_-]+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    /** A target's provider name, kept with its location until every provider (file and environment) is known. */
    record ProviderRef(String where, String path, String provider) {}

    private final YamlDocument doc;
    private final NodeReader r;
    private final Problems problems;

    String host;
    String hostSource;
    Integer port;
    String dataDir;
    Long maxBodyBytes;
    String storeUrl;
    String storeUrlSource;
    final List<ProviderConfig> providers = new ArrayList<>();
    final List<ModelConfig> models = new ArrayList<>();
    final List<ProviderRef> providerRefs = new ArrayList<>();
    final List<KeyConfig> keys = new ArrayList<>();
    private final Set<String> providerNames = new HashSet<>();
    private final Set<String> modelNames = new HashSet<>();
    private final Set<String> keyNames = new HashSet<>();
    SimulatedConfig simulated;
    String defaultModel;
    ResilienceConfig resilience;
    LogsConfig logs;
    SummarizeConfig summarize;

    private ConfigFile(YamlDocument doc, EnvExpander env, Problems problems) {
        this.doc = doc;
        this.r = new NodeReader(doc, env, problems);
        this.problems = problems;
    }

    static ConfigFile read(YamlDocument doc, EnvExpander env, Problems problems) {
        ConfigFile file = new ConfigFile(doc, env, problems);
        file.readRoot(doc.root);
        return file;
    }

    String name() {
        return doc.name;
    }

    private void readRoot(JsonNode root) {
        if (!root.isObject()) {
            problems.add(doc.name + ": expected a mapping of keys (server, providers, models, ...) at the top");
            return;
        }
        r.checkKeys(root, "", TOP);
        readServer(root.get("server"));
        JsonNode store = root.get("store");
        if (r.object(store, "store")) {
            r.checkKeys(store, "store", STORE);
            storeUrl = storeUrl(store.get("url"), "store.url");
            storeUrlSource = doc.where("store.url");
        }
        r.list(root.get("providers"), "providers", this::readProvider);
        r.list(root.get("models"), "models", this::readModel);
        r.list(root.get("keys"), "keys", this::readKey);
        JsonNode sim = root.get("simulated");
        if (r.object(sim, "simulated")) {
            r.checkKeys(sim, "simulated", SIMULATED);
            Long latency = r.whole(sim.get("latency_ms"), "simulated.latency_ms", 0);
            Double rate = r.number(sim.get("tokens_per_second"), "simulated.tokens_per_second");
            simulated = new SimulatedConfig(
                    Duration.ofMillis(latency == null ? 0 : latency), rate == null ? 0 : rate);
        }
        defaultModel = r.text(root.get("default_model"), "default_model");
        JsonNode res = root.get("resilience");
        if (r.object(res, "resilience")) {
            resilience = new ResilienceFile(r).read(res);
        }
        readLogs(root.get("logs"));
        readSummarize(root.get("summarize"));
    }

    private void readSummarize(JsonNode node) {
        if (!r.object(node, "summarize")) {
            return;
        }
        r.checkKeys(node, "summarize", Set.of("model", "after_tokens"));
        String model = r.text(node.get("model"), "summarize.model");
        Long after = r.whole(node.get("after_tokens"), "summarize.after_tokens", 1);
        if (model == null || model.isBlank()) {
            r.problem("summarize.model", "is required: the model that writes summaries, e.g. claude-haiku-4-5");
        } else if (after == null) {
            r.problem("summarize.after_tokens", "is required: summarize once a context's history passes this many tokens");
        } else {
            summarize = new SummarizeConfig(model, toInt(after));
        }
    }

    private void readLogs(JsonNode node) {
        if (!r.object(node, "logs")) {
            return;
        }
        r.checkKeys(node, "logs", LOGS);
        boolean bodies = LogsConfig.DEFAULT.bodies();
        String b = r.text(node.get("bodies"), "logs.bodies");
        if (b != null) {
            switch (b.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> bodies = true;
                case "false", "no", "off" -> bodies = false;
                default -> r.problem("logs.bodies", "'" + b + "' is not true or false");
            }
        }
        Long days = r.whole(node.get("retention_days"), "logs.retention_days", 1);
        logs = new LogsConfig(bodies, days == null ? LogsConfig.DEFAULT.retentionDays() : toInt(days));
    }

    private void readServer(JsonNode server) {
        if (!r.object(server, "server")) {
            return;
        }
        r.checkKeys(server, "server", SERVER);
        host = r.text(server.get("host"), "server.host");
        if (host != null && host.isBlank()) {
            r.problem("server.host", "is empty; use 127.0.0.1 (this machine only) or an address to listen on");
            host = null;
        }
        hostSource = doc.where("server.host") + ": server.host";
        String portText = r.text(server.get("port"), "server.port");
        if (portText != null) {
            int p = Ports.parse(portText, doc.where("server.port") + ": server.port", "port: " + ServerConfig.DEFAULT_PORT, problems);
            port = p < 0 ? null : p;
        }
        dataDir = r.text(server.get("data_dir"), "server.data_dir");
        Double mb = r.number(server.get("max_body_mb"), "server.max_body_mb");
        if (mb != null) {
            if (mb <= 0) {
                r.problem("server.max_body_mb", mb + " must be more than 0 (the default is 32)");
            } else {
                maxBodyBytes = (long) (mb * 1024 * 1024);
            }
        }
    }

    private void readProvider(JsonNode node, String path) {
        if (!r.object(node, path)) {
            return;
        }
        r.checkKeys(node, path, PROVIDER);
        String name = r.required(node, path, "name");
        if (name != null && !PROVIDER_NAME.matcher(name).matches()) {
            r.problem(path + ".name", "'" + name + "' may only use a-z, 0-9, '_' and '-' (it is written in model names as NAME/MODEL)");
            name = null;
        }
        String typeText = r.required(node, path, "type");
        ProviderType type = null;
        if (typeText != null) {
            String t = typeText.strip().toLowerCase(Locale.ROOT);
            if (TYPES.contains(t)) {
                type = ProviderType.valueOf(t.toUpperCase(Locale.ROOT));
            } else {
                r.problem(path + ".type", "'" + typeText + "' is not one of " + String.join(", ", TYPES) + Suggestions.didYouMean(t, TYPES));
            }
        }
        String apiKey = r.text(node.get("api_key"), path + ".api_key");
        String baseUrl = r.text(node.get("base_url"), path + ".base_url");
        if (baseUrl != null) {
            String error = baseUrlError(baseUrl);
            if (error != null) {
                r.problem(path + ".base_url", error);
                baseUrl = null;
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = node.get("headers");
        if (r.object(h, path + ".headers")) {
            h.fields().forEachRemaining(e -> {
                String v = r.text(e.getValue(), path + ".headers." + e.getKey());
                if (v != null) {
                    headers.put(e.getKey(), v);
                }
            });
        }
        Long timeout = r.whole(node.get("timeout_seconds"), path + ".timeout_seconds", 1);
        Long maxInFlight = r.whole(node.get("max_in_flight"), path + ".max_in_flight", 1);
        if (maxInFlight != null && maxInFlight > ProviderConfig.MAX_IN_FLIGHT_LIMIT) {
            r.problem(path + ".max_in_flight", maxInFlight + " is more than " + ProviderConfig.MAX_IN_FLIGHT_LIMIT
                    + " (each call in flight holds a connection of its own)");
            maxInFlight = null;
        }
        Duration maxInFlightWait = r.seconds(node.get("max_in_flight_wait_seconds"), path + ".max_in_flight_wait_seconds",
                ProviderConfig.MAX_IN_FLIGHT_WAIT_LIMIT, MAX_IN_FLIGHT_WAIT_HINT);
        if (name != null && type != null && r.unique(providerNames, name, path, "provider name")) {
            providers.add(new ProviderConfig(name, type, apiKey, baseUrl == null ? type.defaultBaseUrl() : baseUrl,
                    headers, timeout == null ? null : Duration.ofSeconds(timeout),
                    maxInFlight == null ? ProviderConfig.DEFAULT_MAX_IN_FLIGHT : maxInFlight.intValue(), maxInFlightWait));
        }
    }

    private void readModel(JsonNode node, String path) {
        if (!r.object(node, path)) {
            return;
        }
        r.checkKeys(node, path, MODEL);
        String name = r.required(node, path, "name");
        List<ModelConfig.Target> targets = new ArrayList<>();
        boolean shorthand = node.has("provider") || node.has("model");
        if (shorthand && node.has("targets")) {
            r.problem(path + ".targets", "write either targets: [...] or the shorthand provider: + model:, not both");
        } else if (shorthand) {
            String provider = r.required(node, path, "provider");
            String model = r.required(node, path, "model");
            if (provider != null && model != null) {
                targets.add(new ModelConfig.Target(provider, model, 1));
                providerRefs.add(new ProviderRef(doc.where(path + ".provider"), path + ".provider", provider));
            }
        } else if (node.has("targets")) {
            r.list(node.get("targets"), path + ".targets", (t, tp) -> readTarget(t, tp, targets));
            if (targets.isEmpty() && node.get("targets").isArray() && node.get("targets").isEmpty()) {
                r.problem(path + ".targets", "is empty; list at least one {provider, model}");
            }
        } else {
            r.problem(path, "needs targets: [{provider, model, weight}] or the shorthand provider: + model:");
        }
        List<String> fallbacks = new ArrayList<>();
        r.list(node.get("fallbacks"), path + ".fallbacks", (f, fp) -> {
            String v = r.text(f, fp);
            if (v != null) {
                fallbacks.add(v);
            }
        });
        Long window = r.whole(node.get("context_window"), path + ".context_window", 1);
        Long maxOut = r.whole(node.get("max_output_tokens"), path + ".max_output_tokens", 1);
        TimeoutConfig timeouts = node.has("timeouts")
                ? new ResilienceFile(r).timeouts(node.get("timeouts"), path + ".timeouts") : null;
        String bigger = r.text(node.get("context_window_fallback"), path + ".context_window_fallback");
        if (name != null && r.unique(modelNames, name, path, "model name")) {
            models.add(new ModelConfig(name, targets, fallbacks, toInt(window), toInt(maxOut), timeouts, bigger));
        }
    }

    private void readTarget(JsonNode node, String path, List<ModelConfig.Target> into) {
        if (!r.object(node, path)) {
            return;
        }
        r.checkKeys(node, path, TARGET);
        String provider = r.required(node, path, "provider");
        String model = r.required(node, path, "model");
        Long weight = r.whole(node.get("weight"), path + ".weight", 1);
        String apiKey = r.text(node.get("api_key"), path + ".api_key");
        String baseUrl = r.text(node.get("base_url"), path + ".base_url");
        if (baseUrl != null && baseUrlError(baseUrl) != null) {
            r.problem(path + ".base_url", baseUrlError(baseUrl));
            baseUrl = null;
        }
        if (provider != null && model != null) {
            into.add(new ModelConfig.Target(provider, model, weight == null ? 1 : toInt(weight), apiKey,
                    baseUrl == null ? null : baseUrl.strip()));
            providerRefs.add(new ProviderRef(doc.where(path + ".provider"), path + ".provider", provider));
        }
    }

    private void readKey(JsonNode node, String path) {
        if (!r.object(node, path)) {
            return;
        }
        for (String limit : List.of("rpm", "tpm")) {
            if (node.has(limit)) {
                r.problem(path + "." + limit, "per-key rate limits are not supported yet; remove this key");
            }
        }
        Set<String> allowed = new HashSet<>(KEY);
        allowed.add("rpm");
        allowed.add("tpm");
        r.checkKeys(node, path, allowed);
        String name = r.required(node, path, "name");
        String hash = r.required(node, path, "key_sha256");
        if (hash != null && node.get("key_sha256").isNumber()) {
            r.problem(path + ".key_sha256", "YAML read this hash as a number; put it in quotes");
            hash = null;
        } else if (hash != null && !SHA256.matcher(hash.strip()).matches()) {
            r.problem(path + ".key_sha256", "is not a SHA-256 (64 hex characters); make one with `contextgate hash-key`"
                    + " or `printf %s 'secret' | sha256sum`");
            hash = null;
        }
        if (name != null && hash != null && r.unique(keyNames, name, path, "key name")) {
            keys.add(new KeyConfig(name, hash.strip().toLowerCase(Locale.ROOT)));
        }
    }

    /** Checks each target's provider against the final provider list (file, environment, or the simulated one). */
    void checkProviderRefs(Set<String> providerNames) {
        for (ProviderRef ref : providerRefs) {
            if (!providerNames.contains(ref.provider())) {
                problems.add(ref.where() + ": " + ref.path() + ": '" + ref.provider() + "' is not a configured provider (configured: "
                        + String.join(", ", providerNames) + ")" + Suggestions.didYouMean(ref.provider(), providerNames));
            }
        }
    }

    /** Null when the URL is usable, else what is wrong with it. */
    static String baseUrlError(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return "'" + url + "' is not an http(s) URL (for example http://127.0.0.1:11434/v1)";
            }
            if (uri.getHost() == null) {
                return "'" + url + "' has no host (for example http://127.0.0.1:11434/v1)";
            }
            return null;
        } catch (URISyntaxException e) {
            return "'" + url + "' is not a URL: " + e.getReason();
        }
    }

    private String storeUrl(JsonNode node, String path) {
        String url = r.text(node, path);
        if (url == null) {
            return null;
        }
        if (url.startsWith("sqlite:") && url.length() > "sqlite:".length() || url.equals("memory:")) {
            return url;
        }
        r.problem(path, "'" + url + "' is not a store URL: use sqlite:PATH (the default is sqlite:<data_dir>/contextgate.db) or memory:");
        return null;
    }

    private static Integer toInt(Long v) {
        return v == null ? null : (int) Math.min(Integer.MAX_VALUE, v);
    }
}
