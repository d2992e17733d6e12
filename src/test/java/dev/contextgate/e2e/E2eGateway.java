package dev.contextgate.e2e;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.BreakerConfig;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.KeyConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.config.ResilienceConfig;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.config.TimeoutConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The real gateway, started in-process on a free port in front of a fake Anthropic and a fake OpenAI
 * upstream (or none), with the official SDKs pointed at it by base URL only.
 */
final class E2eGateway implements AutoCloseable {

    static final String ANTHROPIC_UPSTREAM_KEY = "sk-ant-upstream-key";
    static final String OPENAI_UPSTREAM_KEY = "sk-openai-upstream-key";

    final E2eUpstream anthropic;
    final E2eUpstream openai;
    final RunningGateway gateway;
    private final List<AutoCloseable> clients = new ArrayList<>();

    private E2eGateway(boolean withUpstreams, List<KeyConfig> keys, long maxBodyBytes, String defaultModel) {
        this.anthropic = withUpstreams ? new E2eUpstream() : null;
        this.openai = withUpstreams ? new E2eUpstream() : null;
        List<ProviderConfig> providers = withUpstreams
                ? List.of(
                        new ProviderConfig("anthropic", ProviderType.ANTHROPIC, ANTHROPIC_UPSTREAM_KEY, anthropic.url(),
                                Map.of(), Duration.ofSeconds(10)),
                        new ProviderConfig("openai", ProviderType.OPENAI, OPENAI_UPSTREAM_KEY, openai.url() + "/v1",
                                Map.of(), Duration.ofSeconds(10)))
                : List.of();
        try {
            this.gateway = Application.start(new GatewayConfig(
                    new ServerConfig("127.0.0.1", 0, null, maxBodyBytes), new StoreConfig("memory:"),
                    providers, List.of(), keys, SimulatedConfig.DEFAULT, defaultModel, ONE_ATTEMPT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * These tests check how each upstream answer is translated, so every call reaches the upstream
     * exactly once: no retries, and breakers that never open (retries and breakers have their own tests).
     */
    static final ResilienceConfig ONE_ATTEMPT = new ResilienceConfig(1, Duration.ofMillis(1), Duration.ofMillis(1),
            Duration.ZERO, TimeoutConfig.DEFAULT, new BreakerConfig(Integer.MAX_VALUE, 100, 1_000, Duration.ofSeconds(1)));

    /** Both upstreams, no client keys. */
    static E2eGateway withUpstreams() {
        return new E2eGateway(true, List.of(), ServerConfig.DEFAULT_MAX_BODY_BYTES, null);
    }

    /** Both upstreams, and {@code local-claude-proxy} standing for {@code defaultModel}. */
    static E2eGateway withUpstreams(String defaultModel) {
        return new E2eGateway(true, List.of(), ServerConfig.DEFAULT_MAX_BODY_BYTES, defaultModel);
    }

    static E2eGateway withUpstreams(List<KeyConfig> keys, long maxBodyBytes) {
        return new E2eGateway(true, keys, maxBodyBytes, null);
    }

    /** No provider configured: only the built-in simulated one answers. */
    static E2eGateway simulatedOnly() {
        return new E2eGateway(false, List.of(), ServerConfig.DEFAULT_MAX_BODY_BYTES, null);
    }

    String url() {
        return "http://127.0.0.1:" + gateway.port();
    }

    void resetUpstreams() {
        if (anthropic != null) {
            anthropic.reset();
            openai.reset();
        }
    }

    OpenAIClient openAiClient() {
        return openAiClient("x");
    }

    /** As the OpenAI guides write it, with our base URL; no retries, so each test sees one call. */
    OpenAIClient openAiClient(String apiKey) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(url() + "/v1").apiKey(apiKey).maxRetries(0).build();
        clients.add(client::close);
        return client;
    }

    AnthropicClient anthropicClient() {
        return anthropicClient("x");
    }

    AnthropicClient anthropicClient(String apiKey) {
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(url()).apiKey(apiKey).maxRetries(0).build();
        clients.add(client::close);
        return client;
    }

    static KeyConfig key(String name, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return new KeyConfig(name, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file under {@code src/test/resources/e2e/}. */
    static String fixture(String name) {
        try (InputStream in = E2eGateway.class.getResourceAsStream("/e2e/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture e2e/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a client never fails a test
            }
        }
        gateway.close();
        if (anthropic != null) {
            anthropic.close();
            openai.close();
        }
    }
}
