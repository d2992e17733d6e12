package dev.contextgate;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Dialect;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.context.ContextService;
import dev.contextgate.context.ContextStore;
import dev.contextgate.context.ModelLimits;
import dev.contextgate.context.Summarizer;
import dev.contextgate.context.SummaryPolicy;
import dev.contextgate.context.TokenEstimator;
import dev.contextgate.context.api.ContextApi;
import dev.contextgate.dialect.anthropic.AnthropicCodec;
import dev.contextgate.dialect.openai.OpenAiCodec;
import dev.contextgate.observe.MeteredRouter;
import dev.contextgate.observe.Metrics;
import dev.contextgate.observe.MetricsRoutes;
import dev.contextgate.observe.RequestLog;
import dev.contextgate.observe.RequestLogRoutes;
import dev.contextgate.observe.Telemetry;
import dev.contextgate.provider.DefaultModelRouter;
import dev.contextgate.provider.ModelRouter;
import dev.contextgate.provider.Provider;
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
import java.time.Duration;
import java.util.List;

/** The composition root: the one place that builds and wires every part of the gateway. */
public final class Application {

    /** How often the store's contexts and messages are counted for the metrics. */
    private static final Duration STORE_COUNT_EVERY = Duration.ofSeconds(30);

    private Application() {}

    /**
     * Builds store, providers, router, codecs and server from {@code config} and starts listening.
     *
     * @throws java.net.BindException when the port is taken (the caller explains who holds it)
     */
    public static RunningGateway start(GatewayConfig config) throws IOException {
        Clock clock = Clock.systemUTC();
        Metrics metrics = new Metrics(List.of());
        ModelRouter configured = DefaultModelRouter.fromConfig(config, metrics);
        metrics.knowModels(knownModels(configured, config));
        metrics.knowProviders(configured.providers().stream().map(Provider::name).toList());
        metrics.breakers(configured::deployments);
        ModelRouter router = new MeteredRouter(configured, metrics);
        Stores.Opened opened = Stores.openAll(config.store(), clock);
        ContextStore store = opened.contexts();
        RequestLog requestLog = RequestLog.start(opened.requestLog(), config.logs(), clock);
        metrics.gauge("contextgate_request_log_queue_depth", "Request log rows waiting to be written", requestLog::depth);
        metrics.gauge("contextgate_request_log_dropped", "Request log rows dropped because the queue was full",
                requestLog::dropped);
        metrics.storeSizes(store, STORE_COUNT_EVERY);
        Telemetry telemetry = Telemetry.of(metrics, requestLog);
        try {
            TokenEstimator tokens = new TokenEstimator();
            Summarizer summarizer = new Summarizer(store, tokens, (model, request) -> {
                Route route = router.route(model);
                return route.provider().complete(request.withModel(route.upstreamModel()));
            });
            ContextService contexts = new ContextService(store, new ModelLimits(config.models()), tokens, summarizer,
                    config.summarize() == null ? null
                            : new SummaryPolicy(config.summarize().model(), config.summarize().afterTokens()));
            ContextApi contextApi = new ContextApi(contexts, tokens, (context, model) -> {
                Route route = router.route(model);
                ChatRequest next = ChatRequest.simple(route.upstreamModel(), List.of(), Dialect.OPENAI);
                return contexts.window(context, next, model, route.provider().name());
            }, clock);
            OpenAiCodec openAi = new OpenAiCodec();
            AnthropicCodec anthropic = new AnthropicCodec();
            CountTokensCodec countTokens =
                    CountTokensCodec.of(anthropic::decodeCountTokensRequest, anthropic::encodeCountTokensResponse);
            ChatCall chat = new ChatCall(router, contexts, metrics);
            GatewayServer server = GatewayServer.start(
                    config.server(),
                    new ApiKeyAuth(config.keys()),
                    new DialectCodecs(openAi, anthropic),
                    List.of(new HealthRoutes(router, config.providers(), store),
                            new OpenAiRoutes(openAi, chat),
                            new AnthropicRoutes(anthropic, countTokens, chat, configured, tokens),
                            new ModelListRoutes(router, OpenAiCodec::encodeModelList, AnthropicCodec::encodeModelList),
                            new ContextRoutes(contextApi),
                            new MetricsRoutes(metrics),
                            new RequestLogRoutes(requestLog.store())),
                    telemetry);
            return new Running(server, summarizer, requestLog, store, metrics);
        } catch (IOException | RuntimeException e) {
            requestLog.close();
            store.close();
            metrics.close();
            throw e;
        }
    }

    /** Model names that may appear as metric labels: what the router lists and the configured aliases. */
    private static java.util.Set<String> knownModels(ModelRouter router, GatewayConfig config) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        router.models().forEach(m -> names.add(m.id()));
        config.models().forEach(m -> {
            names.add(m.name());
            m.targets().forEach(t -> names.add(t.model()));
        });
        return names;
    }

    /** The server, then the background work (the request log writes what is queued), then the store. */
    private record Running(GatewayServer server, Summarizer summarizer, RequestLog requestLog, ContextStore store,
            Metrics metrics)
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
            requestLog.close();
            store.close();
            metrics.close();
        }
    }
}
