package dev.contextgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.KeyConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI in this JVM: commands that neither serve nor read the real environment. */
class CliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void hashKeyPrintsTheSha256OfTheArgument() {
        assertThat(run("hash-key", "secret")).isZero();
        // printf %s secret | sha256sum
        assertThat(out.toString().strip()).isEqualTo("2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b");
        assertThat(err.toString()).contains("key_sha256: 2bb80d53");
    }

    @Test
    void versionFlagPrintsTheVersion() {
        assertThat(run("-V")).isZero();
        assertThat(out.toString().strip()).isEqualTo("contextgate " + Version.current());
    }

    @Test
    void unknownOptionIsOneLineAndStatusTwo() {
        assertThat(run("serve", "--bogus")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("contextgate: Unknown option: '--bogus' (see `contextgate --help`)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void noCommandShowsUsageAndStatusTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("serve", "hash-key");
    }

    @Test
    void helpListsServeOptions() {
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--host", "--port", "--data", "--config");
    }

    @Test
    void bannerWithoutProviderKeysSaysTheSimulatedProviderAnswers() {
        GatewayConfig config = config(
                List.of(new ProviderConfig("simulated", ProviderType.SIMULATED, null, null, null, null)), List.of());

        String banner = Banner.render(config, "1.2.3", 61909);

        assertThat(banner).startsWith("ContextGate 1.2.3 listening on http://127.0.0.1:61909\n");
        assertThat(banner).contains("no provider key is set", "simulated provider", "ANTHROPIC_API_KEY", "OPENAI_API_KEY");
        assertThat(banner).contains("/data/dir");
        assertThat(banner).contains("curl http://127.0.0.1:61909/v1/chat/completions", "local-claude-proxy");
    }

    @Test
    void bannerListsProvidersButNeverTheirKeys() {
        GatewayConfig config = config(List.of(
                        new ProviderConfig("anthropic", ProviderType.ANTHROPIC, "sk-ant-SECRET", "https://api.anthropic.com", null, null),
                        new ProviderConfig("ollama", ProviderType.OPENAI, null, "http://127.0.0.1:11434/v1", null, null)),
                List.of(new KeyConfig("app", "0".repeat(64))));

        String banner = Banner.render(config, "1.2.3", 4000);

        assertThat(banner).doesNotContain("SECRET");
        assertThat(banner).containsPattern("anthropic +anthropic +https://api.anthropic.com +key set");
        assertThat(banner).containsPattern("ollama +openai +http://127.0.0.1:11434/v1 +no key");
        assertThat(banner).doesNotContain("no provider key is set");
        assertThat(banner).contains("authorization: Bearer");
    }

    @Test
    void wildcardHostsAreShownAsLoopbackInUrls() {
        assertThat(Banner.urlHost("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(Banner.urlHost("::")).isEqualTo("[::1]");
        assertThat(Banner.urlHost("::1")).isEqualTo("[::1]");
        assertThat(Banner.urlHost("localhost")).isEqualTo("localhost");
    }

    private static GatewayConfig config(List<ProviderConfig> providers, List<KeyConfig> keys) {
        return new GatewayConfig(
                new ServerConfig("127.0.0.1", 61909, Path.of("/data/dir"), ServerConfig.DEFAULT_MAX_BODY_BYTES),
                new StoreConfig("sqlite:/data/dir/contextgate.db"),
                providers,
                List.of(),
                keys,
                SimulatedConfig.DEFAULT,
                null);
    }
}
