package dev.contextgate;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Dialect;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.context.ContextService;
import dev.contextgate.context.ContextStore;
import dev.contextgate.context.ModelLimits;
import dev.contextgate.context.Summarizer;
import dev.contextgate.context.TokenEstimator;
import dev.contextgate.context.api.ContextApi;
import dev.contextgate.dialect.anthropic.AnthropicCodec;
import dev.contextgate.dialect.openai.OpenAiCodec;
import dev.contextgate.observe.MeteredRouter;
import dev.contextgate.observe.Metrics;
import dev.contextgate.observe.MetricsRoutes;
import dev.contextgate.provider.DefaultModelRouter;
import dev.contextgate.provider.ModelRouter;
import dev.contextgate.provider.Route;
import dev.contextgate.server.AnthropicRoutes;
import dev.contextgate.server.ApiKeyAuth;
import dev.contextgate.server.ChatCall;
import dev.contextgate.server.ContextRoutes;
import dev.contextgate.server.CountTokensCodec;
import dev.contextgate.server.DialectCodecs;
import dev.contextgate.server.GatewayServer;
import dev.contextgate.server.HealthRoutes;
import dev.contextgate.server.ModelListRoutes;
import dev.contextgate.server.OpenAiRoutes;
import dev.contextgate.store.Stores;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/** The composition root: the one place that builds and wires every part of the gateway. */
public final class Application {

    private Application() {}

    /**
     * Builds store, providers, router, codecs and server from {@code config} and starts listening.
     *
     * @throws java.net.BindException when the port is taken (the caller explains who holds it)
     */
    public static RunningGateway start(GatewayConfig config) throws IOException {
        Clock clock = Clock.systemUTC();
        ModelRouter configured = DefaultModelRouter.fromConfig(config);
        Metrics metrics = new Metrics(knownModels(configured, config));
        ModelRouter router = new MeteredRouter(configured, metrics);
        ContextStore store = Stores.open(config.store(), clock);
        try {
            TokenEstimator tokens = new TokenEstimator();
            Summarizer summarizer = new Summarizer(store, tokens, (model, request) -> {
                Route route = router.route(model);
                return route.provider().complete(request.withModel(route.upstreamModel()));
            });
            ContextService contexts = new ContextService(store, new ModelLimits(config.models()), tokens, summarizer, null);
            ContextApi contextApi = new ContextApi(contexts, tokens, (context, model) -> {
                Route route = router.route(model);
                ChatRequest next = ChatRequest.simple(route.upstreamModel(), List.of(), Dialect.OPENAI);
                return contexts.window(context, next, model, route.provider().name());
            }, clock);
            OpenAiCodec openAi = new OpenAiCodec();
            AnthropicCodec anthropic = new AnthropicCodec();
            CountTokensCodec countTokens =
                    CountTokensCodec.of(anthropic::decodeCountTokensRequest, anthropic::encodeCountTokensResponse);
            ChatCall chat = new ChatCall(router, contexts);
            GatewayServer server = GatewayServer.start(
                    config.server(),
                    new ApiKeyAuth(config.keys()),
                    new DialectCodecs(openAi, anthropic),
                    List.of(new HealthRoutes(router, config.providers(), store),
                            new OpenAiRoutes(openAi, chat),
                            new AnthropicRoutes(anthropic, countTokens, chat, router, tokens),
                            new ModelListRoutes(router, OpenAiCodec::encodeModelList, AnthropicCodec::encodeModelList),
                            new ContextRoutes(contextApi),
                            new MetricsRoutes(metrics)),
                    metrics);
            return new Running(server, summarizer, store, metrics);
        } catch (IOException | RuntimeException e) {
            store.close();
            metrics.close();
            throw e;
        }
    }

    /** Model names that may appear as metric labels: what the router lists and the configured aliases. */
    private static java.util.Set<String> knownModels(ModelRouter router, GatewayConfig config) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        router.models().forEach(m -> names.add(m.id()));
        config.models().forEach(m -> names.add(m.name()));
        return names;
    }

    /** The server, then the background work, then the store: stopped in that order. */
    private record Running(GatewayServer server, Summarizer summarizer, ContextStore store, Metrics metrics)
            implements RunningGateway {
        @Override
        public int port() {
            return server.port();
        }

        @Override
        public void awaitStop() throws InterruptedException {
            server.awaitStop();
        }

        @Override
        public void close() {
            server.close();
            summarizer.close();
            store.close();
            metrics.close();
        }
    }
}
