package dev.contextgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private ConfigLoader loader(Map<String, String> env) {
        return config().loader(env);
    }

    private void file(String yaml) throws IOException {
        config().file(yaml);
    }

    private GatewayConfig load(String yaml, Map<String, String> env) throws Exception {
        return config().load(yaml, env);
    }

    private List<String> problems(String yaml, Map<String, String> env) throws IOException {
        return config().problems(yaml, env);
    }

    private ConfigFixture config() {
        return new ConfigFixture(dir);
    }

    @Test
    void defaultsWithoutFileEnvOrFlags() throws Exception {
        GatewayConfig c = loader(Map.of()).load(ConfigLoader.Flags.NONE);

        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(61909);
        assertThat(c.server().dataDir()).isEqualTo(dir.resolve("home/.contextgate"));
        assertThat(c.server().maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(c.store().url()).isEqualTo("sqlite:" + dir.resolve("home/.contextgate/contextgate.db"));
        assertThat(c.simulated()).isEqualTo(SimulatedConfig.DEFAULT);
        assertThat(c.providers()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("simulated");
            assertThat(p.type()).isEqualTo(ProviderType.SIMULATED);
        });
        assertThat(c.keys()).isEmpty();
    }

    @Test
    void precedenceDefaultsThenFileThenEnvironmentThenFlags() throws Exception {
        file("server: { host: 127.0.0.2, port: 1001, data_dir: fromfile, max_body_mb: 2 }\n");
        Map<String, String> env = Map.of("CONTEXTGATE_PORT", "1002", "CONTEXTGATE_DATA_DIR", "/env/data");

        GatewayConfig fileAndEnv = loader(env).load(ConfigLoader.Flags.NONE);
        assertThat(fileAndEnv.server().host()).isEqualTo("127.0.0.2"); // file over default
        assertThat(fileAndEnv.server().port()).isEqualTo(1002); // env over file
        assertThat(fileAndEnv.server().dataDir()).isEqualTo(Path.of("/env/data"));
        assertThat(fileAndEnv.server().maxBodyBytes()).isEqualTo(2L * 1024 * 1024);

        GatewayConfig withFlags = loader(env).load(new ConfigLoader.Flags("127.0.0.3", "1003", "/flag/data", null));
        assertThat(withFlags.server().host()).isEqualTo("127.0.0.3");
        assertThat(withFlags.server().port()).isEqualTo(1003);
        assertThat(withFlags.server().dataDir()).isEqualTo(Path.of("/flag/data"));
        assertThat(withFlags.store().url()).isEqualTo("sqlite:/flag/data/contextgate.db");
    }

    @Test
    void fileDataDirIsRelativeToWorkingDirAndTildeIsHome() throws Exception {
        assertThat(load("server: { data_dir: ./state }\n", Map.of()).server().dataDir()).isEqualTo(dir.resolve("state"));
        assertThat(load("store: { url: 'sqlite:~/x.db' }\n", Map.of()).store().url())
                .isEqualTo("sqlite:" + dir.resolve("home/x.db"));
        assertThat(load("store: { url: 'memory:' }\n", Map.of()).store().url()).isEqualTo("memory:");
    }

    @Test
    void configFileFromEnvironmentMustExist() throws Exception {
        assertThatThrownBy(() -> loader(Map.of("CONTEXTGATE_CONFIG", "missing.yaml")).load(ConfigLoader.Flags.NONE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CONTEXTGATE_CONFIG missing.yaml: no such file");
        assertThatThrownBy(() -> loader(Map.of()).load(new ConfigLoader.Flags(null, null, null, "nope.yaml")))
                .hasMessageContaining("--config nope.yaml: no such file");

        Files.writeString(dir.resolve("other.yaml"), "server: { port: 2002 }\n");
        assertThat(loader(Map.of("CONTEXTGATE_CONFIG", "other.yaml")).load(ConfigLoader.Flags.NONE).server().port())
                .isEqualTo(2002);
    }

    @Test
    void listenPortIsAnAliasAndContextgatePortWins() throws Exception {
        assertThat(loader(Map.of("LISTEN_PORT", "7001")).load(ConfigLoader.Flags.NONE).server().port()).isEqualTo(7001);
        assertThat(loader(Map.of("LISTEN_PORT", "7001", "CONTEXTGATE_PORT", "7002")).load(ConfigLoader.Flags.NONE)
                        .server().port())
                .isEqualTo(7002);
    }

    @Test
    void portsOutOfRangeAreRefusedNamingTheirSource() throws Exception {
        assertThatThrownBy(() -> loader(Map.of()).load(new ConfigLoader.Flags(null, "619009", null, null)))
                .hasMessage("--port 619009 is not a TCP port: TCP ports stop at 65535."
                        + " ContextGate's default is 61909 (try --port 61909).");
        assertThatThrownBy(() -> loader(Map.of("LISTEN_PORT", "0")).load(ConfigLoader.Flags.NONE))
                .hasMessageStartingWith("LISTEN_PORT 0 is not a TCP port: TCP ports start at 1");
        assertThatThrownBy(() -> loader(Map.of("CONTEXTGATE_PORT", "http")).load(ConfigLoader.Flags.NONE))
                .hasMessageStartingWith("CONTEXTGATE_PORT http is not a TCP port: a port is a whole number");
        // a bad value is refused even when a higher layer overrides it
        assertThat(problems("server:\n  port: 70000\n", Map.of()))
                .containsExactly("contextgate.yaml:2: server.port 70000 is not a TCP port: TCP ports stop at 65535."
                        + " ContextGate's default is 61909 (try port: 61909).");
    }

    @Test
    void variablesAreExpandedWithDefaults() throws Exception {
        GatewayConfig c = load("""
                server:
                  port: ${PORT:-6000}
                  host: ${HOST:-127.0.0.1}
                providers:
                  - { name: a, type: anthropic, api_key: "${MY_KEY}", base_url: "http://${UP:-localhost}:9/x" }
                """, Map.of("MY_KEY", "sk-1", "HOST", "localhost"));

        assertThat(c.server().port()).isEqualTo(6000);
        assertThat(c.server().host()).isEqualTo("localhost");
        assertThat(c.providers().get(0).apiKey()).isEqualTo("sk-1");
        assertThat(c.providers().get(0).baseUrl()).isEqualTo("http://localhost:9/x");
    }

    @Test
    void unsetVariableWithoutDefaultNamesVariableKeyFileAndLine() throws Exception {
        assertThat(problems("""
                providers:
                  - name: anthropic
                    type: anthropic
                    api_key: ${ANTHROPIC_API_KEY}
                """, Map.of()))
                .containsExactly("contextgate.yaml:4: providers[0].api_key: ${ANTHROPIC_API_KEY} is not set in the"
                        + " environment; set it, or write ${ANTHROPIC_API_KEY:-default}");
    }

    @Test
    void unknownKeysAreErrorsWithDidYouMean() throws Exception {
        assertThat(problems("""
                server:
                  prot: 1234
                providrs: []
                frobnicate: 1
                """, Map.of()))
                .containsExactly(
                        "contextgate.yaml:2: server.prot: unknown key (did you mean 'port'?)",
                        "contextgate.yaml:3: providrs: unknown key (did you mean 'providers'?)",
                        "contextgate.yaml:4: frobnicate: unknown key");
    }

    @Test
    void keysNeed64HexCharacters() throws Exception {
        assertThat(problems("""
                keys:
                  - name: app
                    key_sha256: abc123
                """, Map.of()))
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("contextgate.yaml:3: keys[0].key_sha256: is not a SHA-256"));

        assertThat(problems("keys: [ { name: app, key_sha256: " + "1".repeat(64) + " } ]\n", Map.of()))
                .containsExactly("contextgate.yaml:1: keys[0].key_sha256: YAML read this hash as a number; put it in quotes");

        String hash = "A".repeat(64);
        GatewayConfig c = load("keys: [ { name: app, key_sha256: " + hash + " } ]\n", Map.of());
        assertThat(c.keys()).containsExactly(new KeyConfig("app", "a".repeat(64)));
    }

    @Test
    void modelsWithTargetsShorthandAndUnknownProviders() throws Exception {
        GatewayConfig c = load("""
                providers:
                  - { name: openai, type: openai, api_key: k }
                  - { name: ollama, type: openai, base_url: "http://127.0.0.1:11434/v1" }
                models:
                  - name: fast
                    targets: [ { provider: openai, model: gpt-4o-mini, weight: 3 }, { provider: ollama, model: llama3.2 } ]
                    fallbacks: [ claude-haiku-4-5 ]
                    context_window: 128000
                  - { name: local, provider: ollama, model: qwen3 }
                default_model: fast
                """, Map.of());

        assertThat(c.models()).hasSize(2);
        assertThat(c.models().get(0).targets()).containsExactly(
                new ModelConfig.Target("openai", "gpt-4o-mini", 3), new ModelConfig.Target("ollama", "llama3.2", 1));
        assertThat(c.models().get(0).fallbacks()).containsExactly("claude-haiku-4-5");
        assertThat(c.models().get(0).contextWindow()).isEqualTo(128000);
        assertThat(c.models().get(1).targets()).containsExactly(new ModelConfig.Target("ollama", "qwen3", 1));
        assertThat(c.defaultModel()).isEqualTo("fast");

        assertThat(problems("""
                providers:
                  - { name: ollama, type: openai, base_url: "http://127.0.0.1:11434/v1" }
                models:
                  - name: fast
                    targets:
                      - provider: olama
                        model: llama3.2
                """, Map.of()))
                .containsExactly("contextgate.yaml:6: models[0].targets[0].provider: 'olama' is not a configured"
                        + " provider (configured: ollama) (did you mean 'ollama'?)");
    }

    @Test
    void targetsMayNameProvidersAddedFromTheEnvironment() throws Exception {
        GatewayConfig c = load("models: [ { name: smart, provider: anthropic, model: claude-sonnet-4-5 } ]\n",
                Map.of("ANTHROPIC_API_KEY", "sk-ant"));
        assertThat(c.providers()).extracting(ProviderConfig::name).containsExactly("anthropic");
    }

    @Test
    void sdkVariablesAddProviders() throws Exception {
        GatewayConfig c = loader(Map.of(
                        "ANTHROPIC_API_KEY", "sk-ant",
                        "OPENAI_API_KEY", "sk-oa",
                        "OPENAI_BASE_URL", "https://proxy.example/v1"))
                .load(ConfigLoader.Flags.NONE);

        assertThat(c.providers()).hasSize(2);
        ProviderConfig anthropic = c.providers().get(0);
        assertThat(anthropic.name()).isEqualTo("anthropic");
        assertThat(anthropic.type()).isEqualTo(ProviderType.ANTHROPIC);
        assertThat(anthropic.apiKey()).isEqualTo("sk-ant");
        assertThat(anthropic.baseUrl()).isEqualTo("https://api.anthropic.com");
        ProviderConfig openai = c.providers().get(1);
        assertThat(openai.name()).isEqualTo("openai");
        assertThat(openai.baseUrl()).isEqualTo("https://proxy.example/v1");
        assertThat(openai.toString()).doesNotContain("sk-oa");
    }

    @Test
    void openAiBaseUrlAloneAddsAKeylessCompatibleProvider() throws Exception {
        GatewayConfig c = loader(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")).load(ConfigLoader.Flags.NONE);
        assertThat(c.providers()).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo(ProviderType.OPENAI);
            assertThat(p.hasKey()).isFalse();
            assertThat(p.baseUrl()).isEqualTo("http://127.0.0.1:11434/v1");
        });
        assertThatThrownBy(() -> loader(Map.of("OPENAI_BASE_URL", "not a url")).load(ConfigLoader.Flags.NONE))
                .hasMessageStartingWith("OPENAI_BASE_URL: ");
    }

    @Test
    void fileProviderOfTheSameTypeWinsOverSdkVariables() throws Exception {
        GatewayConfig c = load("providers: [ { name: work, type: openai, api_key: from-file } ]\n",
                Map.of("OPENAI_API_KEY", "from-env"));
        assertThat(c.providers()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("work");
            assertThat(p.apiKey()).isEqualTo("from-file");
        });
    }

    @Test
    void bindingBeyondLoopbackNeedsClientKeys() throws Exception {
        assertThatThrownBy(() -> loader(Map.of()).load(new ConfigLoader.Flags("0.0.0.0", null, null, null)))
                .hasMessageStartingWith("--host 0.0.0.0: refusing to listen beyond this machine without client keys")
                .hasMessageContaining("anyone on the network could then spend your provider keys")
                .hasMessageContaining("contextgate hash-key")
                .hasMessageContaining("keys:");
        assertThatThrownBy(() -> loader(Map.of("CONTEXTGATE_HOST", "192.168.1.5")).load(ConfigLoader.Flags.NONE))
                .hasMessageStartingWith("CONTEXTGATE_HOST 192.168.1.5: refusing");
        assertThat(problems("server:\n  host: '::'\n", Map.of()))
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("contextgate.yaml:2: server.host ::: refusing"));

        for (String loopback : List.of("localhost", "127.0.0.1", "127.1.2.3", "::1")) {
            assertThat(loader(Map.of()).load(new ConfigLoader.Flags(loopback, null, null, null)).server().host())
                    .isEqualTo(loopback);
        }
        GatewayConfig keyed = load("server: { host: 0.0.0.0 }\nkeys: [ { name: app, key_sha256: '" + "0".repeat(64) + "' } ]\n",
                Map.of());
        assertThat(keyed.server().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void invalidYamlNamesTheLine() throws Exception {
        assertThatThrownBy(() -> load("server:\n  port: 1\n  host: a\n   bad: c\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("contextgate.yaml:")
                .hasMessage("contextgate.yaml:4: not valid YAML: mapping values are not allowed here")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
    }

    @Test
    void wrongShapesAreExplained() throws Exception {
        assertThat(problems("providers: { name: x }\nserver: 5\n", Map.of()))
                .containsExactly(
                        "contextgate.yaml:1: providers: expected a list, not a mapping",
                        "contextgate.yaml:2: server: expected a mapping (key: value), not '5'");
    }

    @Test
    void emptyOrCommentOnlyFileMeansDefaults() throws Exception {
        assertThat(load("", Map.of()).server().port()).isEqualTo(61909);
        assertThat(load("# nothing yet\n", Map.of()).server().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void duplicateKeysAreRefusedWithTheirLine() throws Exception {
        assertThatThrownBy(() -> load("server:\n  port: 1000\n  port: 2000\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("contextgate.yaml:3: not valid YAML: Duplicate field 'port'");
    }

    @Test
    void resilienceKeysDeploymentOverridesAndModelTimeouts() throws Exception {
        GatewayConfig c = load("""
                providers:
                  - { name: oa, type: openai, api_key: k }
                models:
                  - name: fast
                    targets:
                      - { provider: oa, model: gpt-4o-mini, weight: 3, api_key: other }
                      - { provider: oa, model: gpt-4o-mini, base_url: "http://127.0.0.1:8000/v1" }
                    timeouts: { first_byte_seconds: 0.5 }
                    context_window_fallback: gpt-4.1
                resilience:
                  max_attempts: 2
                  backoff_initial_ms: 10
                  timeouts: { idle_seconds: 30, total_seconds: 60 }
                  breaker: { consecutive_failures: 3, cool_down_seconds: 5 }
                """, Map.of());
        ResilienceConfig r = c.resilience();
        assertThat(r.maxAttempts()).isEqualTo(2);
        assertThat(r.backoffInitial()).isEqualTo(Duration.ofMillis(10));
        assertThat(r.backoffMax()).isEqualTo(ResilienceConfig.DEFAULT.backoffMax());
        assertThat(r.timeouts()).isEqualTo(new TimeoutConfig(Duration.ofSeconds(10), Duration.ofSeconds(300),
                Duration.ofSeconds(30), Duration.ofSeconds(60)));
        assertThat(r.breaker()).isEqualTo(new BreakerConfig(3, 50, 50, Duration.ofSeconds(5)));
        ModelConfig fast = c.models().get(0);
        assertThat(fast.targets()).extracting(ModelConfig.Target::apiKey).containsExactly("other", null);
        assertThat(fast.targets()).extracting(ModelConfig.Target::baseUrl).containsExactly(null, "http://127.0.0.1:8000/v1");
        assertThat(fast.timeouts().over(r.timeouts()).firstByte()).isEqualTo(Duration.ofMillis(500));
        assertThat(fast.contextWindowFallback()).isEqualTo("gpt-4.1");
        assertThat(load("server: {port: 1234}\n", Map.of()).resilience()).isEqualTo(ResilienceConfig.DEFAULT);
    }

    @Test
    void badResilienceValuesAreReportedWithTheirKeys() throws Exception {
        assertThat(problems("""
                resilience:
                  max_attemps: 2
                  timeouts: { first_byte_seconds: 0 }
                  breaker: { failure_rate_percent: 150 }
                """, Map.of())).anySatisfy(p -> assertThat(p).contains("max_attemps").contains("max_attempts"))
                .anySatisfy(p -> assertThat(p).contains("resilience.timeouts.first_byte_seconds"))
                .anySatisfy(p -> assertThat(p).contains("resilience.breaker.failure_rate_percent"));
    }

    @Test
    void requestLogBodiesAndRetention() throws Exception {
        assertThat(load("server: {port: 1234}\n", Map.of()).logs()).isEqualTo(LogsConfig.DEFAULT);
        assertThat(LogsConfig.DEFAULT.bodies()).isFalse();
        assertThat(LogsConfig.DEFAULT.retentionDays()).isEqualTo(7);

        GatewayConfig c = load("logs: {bodies: true, retention_days: 30}\n", Map.of());
        assertThat(c.logs()).isEqualTo(new LogsConfig(true, 30));
    }

    @Test
    void badRequestLogValuesAreReportedWithTheirKeys() throws Exception {
        assertThat(problems("logs: {bodies: maybe, retention_days: 0, keep: 3}\n", Map.of()))
                .anySatisfy(p -> assertThat(p).contains("logs.bodies").contains("true or false"))
                .anySatisfy(p -> assertThat(p).contains("logs.retention_days").contains("at least 1"))
                .anySatisfy(p -> assertThat(p).contains("logs.keep"));
    }

    @Test
    void aGatewayWideSummaryPolicyIsReadAndCheckedWithItsKeys() throws Exception {
        assertThat(load("", Map.of()).summarize()).isNull();
        GatewayConfig c = load("summarize: {model: claude-haiku-4-5, after_tokens: 4000}\n", Map.of());
        assertThat(c.summarize()).isEqualTo(new SummarizeConfig("claude-haiku-4-5", 4000));
        assertThat(problems("summarize: {after_tokens: 0, modle: x}\n", Map.of()))
                .anySatisfy(p -> assertThat(p).contains("summarize.after_tokens").contains("at least 1"))
                .anySatisfy(p -> assertThat(p).contains("summarize.modle"));
        assertThat(problems("summarize: {after_tokens: 10}\n", Map.of()))
                .anySatisfy(p -> assertThat(p).contains("summarize.model").contains("required"));
    }
}
