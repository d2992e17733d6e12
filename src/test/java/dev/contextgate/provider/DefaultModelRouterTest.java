package dev.contextgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.ModelConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.provider.ModelRouter.ModelInfo;
import dev.contextgate.provider.simulated.SimulatedProvider;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultModelRouterTest {

    /** Stands in for a wire provider: routing only needs its name. */
    private record Named(String name) implements Provider {
        @Override
        public ChatResponse complete(ChatRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventStream stream(ChatRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    private static ProviderConfig provider(String name, ProviderType type) {
        return new ProviderConfig(name, type, "sk-test", null, null, null);
    }

    private static GatewayConfig config(List<ProviderConfig> providers, List<ModelConfig> models, String defaultModel) {
        return new GatewayConfig(new ServerConfig("127.0.0.1", 61909, Path.of("."), 1024), new StoreConfig("memory:"),
                providers, models, List.of(), SimulatedConfig.DEFAULT, defaultModel);
    }

    private static DefaultModelRouter router(GatewayConfig config) {
        return new DefaultModelRouter(config, p -> new Named(p.name()));
    }

    private static final List<ProviderConfig> BOTH = List.of(provider("anthropic", ProviderType.ANTHROPIC),
            provider("openai", ProviderType.OPENAI), provider("ollama", ProviderType.OPENAI));

    private static final ModelConfig FAST = new ModelConfig("fast",
            List.of(new ModelConfig.Target("openai", "gpt-4o-mini", 3), new ModelConfig.Target("ollama", "llama3.2", 1)),
            List.of("claude-haiku-4-5"), 128000, null);

    private static void assertRoute(Route route, String provider, String upstreamModel) {
        assertThat(route.provider().name()).isEqualTo(provider);
        assertThat(route.upstreamModel()).isEqualTo(upstreamModel);
    }

    @Test
    void aliasGoesToItsFirstTarget() {
        Route r = router(config(BOTH, List.of(FAST), null)).route("fast");
        assertRoute(r, "openai", "gpt-4o-mini");
        assertThat(r.requestedModel()).isEqualTo("fast");
    }

    @Test
    void aliasWinsOverPrefixes() {
        ModelConfig pinned = new ModelConfig("gpt-4o", List.of(new ModelConfig.Target("ollama", "llama3.2", 1)),
                null, null, null);
        assertRoute(router(config(BOTH, List.of(pinned), null)).route("gpt-4o"), "ollama", "llama3.2");
    }

    @Test
    void modelEntryWithoutTargetsRoutesByName() {
        ModelConfig windowOnly = new ModelConfig("gpt-4o", List.of(), null, 64000, null);
        assertRoute(router(config(BOTH, List.of(windowOnly), null)).route("gpt-4o"), "openai", "gpt-4o");
    }

    @Test
    void aliasToAnUnknownProviderIsRefusedAtStartup() {
        ModelConfig broken = new ModelConfig("x", List.of(new ModelConfig.Target("nope", "m", 1)), null, null, null);
        assertThatThrownBy(() -> router(config(BOTH, List.of(broken), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
    }

    @Test
    void localClaudeProxyUsesTheConfiguredDefault() {
        Route r = router(config(BOTH, List.of(FAST), "fast")).route("local-claude-proxy");
        assertRoute(r, "openai", "gpt-4o-mini");
        assertThat(r.requestedModel()).isEqualTo("local-claude-proxy");
        assertRoute(router(config(BOTH, List.of(), "ollama/qwen3")).route("local-claude-proxy"), "ollama", "qwen3");
    }

    @Test
    void localClaudeProxyFallsBackToTheFirstRealProvidersDefault() {
        assertRoute(router(config(BOTH, List.of(), null)).route("local-claude-proxy"), "anthropic", "claude-sonnet-4-5");
        assertRoute(router(config(List.of(provider("openai", ProviderType.OPENAI)), List.of(), null))
                .route("local-claude-proxy"), "openai", "gpt-4o-mini");
        assertThat(router(config(List.of(), List.of(), null)).route("local-claude-proxy").provider().name())
                .isEqualTo(SimulatedProvider.NAME);
    }

    @Test
    void providerSlashModelNamesTheProvider() {
        DefaultModelRouter router = router(config(BOTH, List.of(), null));
        assertRoute(router.route("ollama/llama3.2:3b"), "ollama", "llama3.2:3b");
        assertRoute(router.route("openai/claude-like/x"), "openai", "claude-like/x");
        assertRoute(router.route("simulated/anything"), "simulated", "anything");
    }

    @Test
    void prefixesGoToTheFirstProviderOfTheirType() {
        DefaultModelRouter router = router(config(BOTH, List.of(), null));
        assertRoute(router.route("claude-opus-4-1"), "anthropic", "claude-opus-4-1");
        for (String m : List.of("gpt-4o", "o1-preview", "o3", "o4-mini", "chatgpt-4o-latest")) {
            assertRoute(router.route(m), "openai", m);
        }
    }

    @Test
    void withNoRealProviderKnownNamesGoToTheSimulatedProvider() {
        DefaultModelRouter router = router(config(List.of(), List.of(), null));
        assertThat(router.simulatedOnly()).isTrue();
        for (String m : List.of("claude-sonnet-4-5", "gpt-4o", "o3", "simulated-fast")) {
            assertRoute(router.route(m), "simulated", m);
        }
        assertThat(router.providers()).extracting(Provider::name).containsExactly("simulated");
    }

    @Test
    void aMissingTypeIsNotFoundWhenAnotherRealProviderExists() {
        DefaultModelRouter router = router(config(List.of(provider("openai", ProviderType.OPENAI)), List.of(), null));
        assertThat(router.simulatedOnly()).isFalse();
        assertThatThrownBy(() -> router.route("claude-sonnet-4-5"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(GatewayError.Kind.NOT_FOUND);
                    assertThat(e.param()).isEqualTo("model");
                    assertThat(e.getMessage()).contains("'claude-sonnet-4-5'").contains("gpt*")
                            .doesNotContain("claude*");
                });
        assertThatThrownBy(() -> router.route("simulated-x")).isInstanceOf(GatewayError.class);
    }

    @Test
    void unknownModelMessageListsWhatRoutes() {
        DefaultModelRouter router = router(config(BOTH, List.of(FAST), null));
        assertThatThrownBy(() -> router.route("llama3"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(GatewayError.Kind.NOT_FOUND);
                    assertThat(e.param()).isEqualTo("model");
                    assertThat(e.getMessage()).isEqualTo("The model 'llama3' does not route to any configured "
                            + "provider. Names that route: claude* (to 'anthropic'); gpt*, o1*, o3*, o4*, chatgpt* "
                            + "(to 'openai'); PROVIDER/MODEL with PROVIDER one of anthropic, openai, ollama, "
                            + "simulated; the configured models fast; local-claude-proxy.");
                });
        assertThatThrownBy(() -> router.route("nope/model")).isInstanceOf(GatewayError.class);
        assertThatThrownBy(() -> router.route("ollama/")).isInstanceOf(GatewayError.class);
    }

    @Test
    void modelsListsAliasesThenTheProxyThenTheCatalog() {
        List<ModelInfo> models = router(config(BOTH, List.of(FAST), null)).models();
        assertThat(models.subList(0, 2)).containsExactly(new ModelInfo("fast", "openai"),
                new ModelInfo("local-claude-proxy", "anthropic"));
        assertThat(models).contains(new ModelInfo("claude-sonnet-4-5", "anthropic"), new ModelInfo("gpt-4o", "openai"),
                new ModelInfo("o4-mini", "openai"));
        assertThat(models).extracting(ModelInfo::id).doesNotHaveDuplicates();
    }

    @Test
    void modelsWithOnlyOpenAiListNoClaude() {
        List<ModelInfo> models = router(config(List.of(provider("openai", ProviderType.OPENAI)), List.of(), null))
                .models();
        assertThat(models).extracting(ModelInfo::id).contains("gpt-4o-mini").noneMatch(id -> id.startsWith("claude"));
    }

    @Test
    void simulatedOnlyModelsAreOwnedBySimulated() {
        List<ModelInfo> models = router(config(List.of(), List.of(), null)).models();
        assertThat(models).isNotEmpty().allMatch(m -> m.ownedBy().equals("simulated"));
    }

    @Test
    void fromConfigBuildsTheBuiltInSimulatedProvider() {
        ModelRouter router = DefaultModelRouter.fromConfig(config(List.of(), List.of(), null));
        assertThat(router.providers()).singleElement().isInstanceOf(SimulatedProvider.class);
        assertThat(router.route("claude-sonnet-4-5").provider().complete(ChatRequest.simple("claude-sonnet-4-5",
                List.of(dev.contextgate.chat.Message.user("hi")), dev.contextgate.chat.Dialect.ANTHROPIC)).content())
                .isNotEmpty();
    }

    @Test
    void fromConfigBuildsEachTypesAdapter() {
        ModelRouter router = DefaultModelRouter.fromConfig(config(List.of(provider("anthropic", ProviderType.ANTHROPIC),
                provider("openai", ProviderType.OPENAI), provider("offline", ProviderType.SIMULATED)), List.of(), null));
        assertThat(router.providers()).extracting(p -> p.getClass().getSimpleName())
                .containsExactly("AnthropicProvider", "OpenAiProvider", "SimulatedProvider", "SimulatedProvider");
        assertThat(router.providers()).extracting(Provider::name)
                .containsExactly("anthropic", "openai", "offline", "simulated");
        assertThat(router.route("claude-haiku-4-5").provider()).isInstanceOf(TokenCounter.class);
        assertThat(router.simulatedOnly()).isFalse();
    }

    @Test
    void anUnroutableDefaultModelIsNotFoundButTheListStillWorks() {
        DefaultModelRouter router = router(config(BOTH, List.of(), "mistral-large"));
        assertThatThrownBy(() -> router.route("local-claude-proxy")).isInstanceOfSatisfying(GatewayError.class,
                e -> assertThat(e.kind()).isEqualTo(GatewayError.Kind.NOT_FOUND));
        assertThat(router.models()).extracting(ModelInfo::id).doesNotContain("local-claude-proxy").contains("gpt-4o");
    }

    @Test
    void duplicateProviderNamesAreRefused() {
        assertThatThrownBy(() -> router(config(List.of(provider("a", ProviderType.OPENAI),
                provider("a", ProviderType.ANTHROPIC)), List.of(), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
    }
}
