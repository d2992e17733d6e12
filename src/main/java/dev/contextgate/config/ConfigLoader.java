package dev.contextgate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link GatewayConfig} from four layers, lowest first: built-in defaults, the config file,
 * the environment, the command-line flags. Every value is checked before anything starts; all problems
 * are reported together, each naming where the value came from (flag, variable, or file and line).
 *
 * <p>The environment is passed in, never read from {@link System#getenv()} here, so tests stay hermetic.
 */
public final class ConfigLoader {

    public static final String FILE_NAME = "contextgate.yaml";

    /** Command-line values; null means "not given". The port stays text so it is checked like the others. */
    public record Flags(String host, String port, String dataDir, String config) {
        public static final Flags NONE = new Flags(null, null, null, null);
    }

    private final Map<String, String> env;
    private final Path workingDir;
    private final Path home;
    private final boolean openBindAllowed;

    public ConfigLoader(Map<String, String> env, Path workingDir, Path home) {
        this(env, workingDir, home, false);
    }

    private ConfigLoader(Map<String, String> env, Path workingDir, Path home, boolean openBindAllowed) {
        this.env = Map.copyOf(env);
        this.workingDir = workingDir.toAbsolutePath().normalize();
        this.home = home;
        this.openBindAllowed = openBindAllowed;
    }

    /**
     * The same loader, but a non-loopback host without client keys is accepted ({@code serve
     * --allow-open-bind}, or {@code CONTEXTGATE_ALLOW_OPEN_BIND=true}): for a container whose port is
     * published on the host's loopback only.
     */
    public ConfigLoader allowingOpenBind() {
        return new ConfigLoader(env, workingDir, home, true);
    }

    /** The real process: its environment, working directory and home. */
    public static ConfigLoader forThisProcess() {
        Map<String, String> env = System.getenv();
        return new ConfigLoader(env, Path.of("").toAbsolutePath(), homeDirectory(env));
    }

    /**
     * {@code $HOME} as the shell has it (the JVM's {@code user.home} comes from the password file and
     * ignores it), else {@code user.home}, else the temp dir as a last resort.
     */
    public static Path homeDirectory(Map<String, String> env) {
        String home = env.getOrDefault("HOME", "");
        if (home.isBlank()) {
            home = System.getProperty("user.home", "");
        }
        if (home.equals("?")) {
            home = "";
        }
        return Path.of(home.isBlank() ? System.getProperty("java.io.tmpdir") : home);
    }

    public GatewayConfig load(Flags flags) throws ConfigException {
        Problems problems = new Problems();
        ConfigFile file = readFile(flags, problems);

        String host = ServerConfig.DEFAULT_HOST;
        String hostSource = "host";
        int port = ServerConfig.DEFAULT_PORT;
        String dataDir = null;
        long maxBody = ServerConfig.DEFAULT_MAX_BODY_BYTES;
        if (file != null) {
            if (file.host != null) {
                host = file.host;
                hostSource = file.hostSource;
            }
            port = file.port != null ? file.port : port;
            dataDir = file.dataDir != null ? file.dataDir : dataDir;
            maxBody = file.maxBodyBytes != null ? file.maxBodyBytes : maxBody;
        }

        String envHost = env("CONTEXTGATE_HOST");
        if (envHost != null) {
            host = envHost;
            hostSource = "CONTEXTGATE_HOST";
        }
        for (String name : List.of("LISTEN_PORT", "CONTEXTGATE_PORT")) { // CONTEXTGATE_PORT wins: it comes last
            String value = env(name);
            if (value != null) {
                int p = Ports.parse(value, name, name + "=" + ServerConfig.DEFAULT_PORT, problems);
                port = p > 0 ? p : port;
            }
        }
        dataDir = env("CONTEXTGATE_DATA_DIR") != null ? env("CONTEXTGATE_DATA_DIR") : dataDir;

        if (flags.host() != null) {
            if (flags.host().isBlank()) {
                problems.add("--host is empty; use 127.0.0.1 (this machine only) or an address to listen on");
            } else {
                host = flags.host();
                hostSource = "--host";
            }
        }
        if (flags.port() != null) {
            int p = Ports.parse(flags.port(), "--port", "--port " + ServerConfig.DEFAULT_PORT, problems);
            port = p > 0 ? p : port;
        }
        dataDir = flags.dataDir() != null ? flags.dataDir() : dataDir;

        Path data = dataDir == null ? home.resolve(".contextgate") : path(dataDir);
        String store = file != null && file.storeUrl != null
                ? expandStorePath(file.storeUrl)
                : "sqlite:" + data.resolve("contextgate.db");

        List<ProviderConfig> providers = new ArrayList<>(file == null ? List.of() : file.providers);
        addFromEnvironment(providers, ProviderType.ANTHROPIC, "ANTHROPIC", env("ANTHROPIC_API_KEY") != null, problems);
        addFromEnvironment(providers, ProviderType.OPENAI, "OPENAI",
                env("OPENAI_API_KEY") != null || env("OPENAI_BASE_URL") != null, problems);
        if (providers.isEmpty()) {
            providers.add(new ProviderConfig("simulated", ProviderType.SIMULATED, null, null, null, null));
        }
        Set<String> names = new LinkedHashSet<>();
        providers.forEach(p -> names.add(p.name()));
        if (file != null) {
            file.checkProviderRefs(names);
        }

        List<KeyConfig> keys = file == null ? List.of() : file.keys;
        boolean allowOpen = openBindAllowed || "true".equalsIgnoreCase(env("CONTEXTGATE_ALLOW_OPEN_BIND"))
                || "1".equals(env("CONTEXTGATE_ALLOW_OPEN_BIND"));
        if (!Hosts.isLoopback(host) && keys.isEmpty() && !allowOpen) {
            problems.add(Hosts.bindRefusal(host, hostSource));
        }
        problems.throwIfAny();

        return new GatewayConfig(
                new ServerConfig(host.strip(), port, data, maxBody),
                new StoreConfig(store),
                providers,
                file == null ? List.of() : file.models,
                keys,
                file == null || file.simulated == null ? SimulatedConfig.DEFAULT : file.simulated,
                file == null ? null : file.defaultModel,
                file == null ? null : file.resilience,
                file == null ? null : file.logs,
                file == null ? null : file.summarize);
    }

    /** The file named by --config, else CONTEXTGATE_CONFIG, else contextgate.yaml in the working dir if present. */
    private ConfigFile readFile(Flags flags, Problems problems) throws ConfigException {
        String named = flags.config() != null ? flags.config() : env("CONTEXTGATE_CONFIG");
        String label = flags.config() != null ? "--config" : "CONTEXTGATE_CONFIG";
        Path file;
        String display;
        if (named != null) {
            file = path(named);
            display = named;
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(label + " " + named + ": no such file"
                        + (Files.isDirectory(file) ? " (it is a directory)" : "") + " (looked for " + file + ")");
            }
        } else {
            file = workingDir.resolve(FILE_NAME);
            if (!Files.isRegularFile(file)) {
                return null;
            }
            display = workingDir.equals(Path.of("").toAbsolutePath().normalize()) ? FILE_NAME : file.toString();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(display + ": cannot be read: " + e.getMessage());
        }
        return ConfigFile.read(YamlDocument.parse(display, text), new EnvExpander(env), problems);
    }

    /** Adds the provider the official SDK's variables describe, unless the file already has one of that type. */
    private void addFromEnvironment(
            List<ProviderConfig> providers, ProviderType type, String prefix, boolean wanted, Problems problems) {
        if (!wanted || providers.stream().anyMatch(p -> p.type() == type)) {
            return;
        }
        String name = type.configName();
        String baseUrl = env(prefix + "_BASE_URL");
        if (baseUrl != null) {
            String error = ConfigFile.baseUrlError(baseUrl);
            if (error != null) {
                problems.add(prefix + "_BASE_URL: " + error);
                return;
            }
        }
        if (providers.stream().anyMatch(p -> p.name().equals(name))) {
            problems.add(prefix + "_* variables would add a provider named '" + name
                    + "', but the config file already has a provider of another type with that name; rename it");
            return;
        }
        providers.add(new ProviderConfig(name, type, env(prefix + "_API_KEY"),
                baseUrl != null ? baseUrl.strip() : type.defaultBaseUrl(), null, null));
    }

    private String env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** {@code ~} and {@code ~/x} from the home directory; relative paths from the working directory. */
    private Path path(String text) {
        String t = text.strip();
        Path p;
        if (t.equals("~")) {
            p = home;
        } else if (t.startsWith("~/")) {
            p = home.resolve(t.substring(2));
        } else {
            p = workingDir.resolve(t);
        }
        return p.toAbsolutePath().normalize();
    }

    private String expandStorePath(String url) {
        return url.startsWith("sqlite:") ? "sqlite:" + path(url.substring("sqlite:".length())) : url;
    }
}
