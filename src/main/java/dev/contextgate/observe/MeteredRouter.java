package dev.contextgate.observe;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.provider.DeploymentState;
import dev.contextgate.provider.EventStream;
import dev.contextgate.provider.ModelRouter;
import dev.contextgate.provider.Provider;
import dev.contextgate.provider.Route;
import java.util.List;

/**
 * A router whose providers report the tokens each answer's usage carries, so token metrics need no
 * change in the chat pipeline. Routing itself is the wrapped router's.
 */
public final class MeteredRouter implements ModelRouter {

    private final ModelRouter router;
    private final Telemetry telemetry;

    public MeteredRouter(ModelRouter router, Telemetry telemetry) {
        this.router = router;
        this.telemetry = telemetry;
    }

    @Override
    public Route route(String model) {
        Route route = router.route(model);
        // A fresh wrapper per call: the router makes a new provider per route, so caching wrappers by
        // provider kept one entry per request forever (a leak bench/run found as 50 MB of live heap).
        return new Route(new MeteredProvider(route.provider()), route.upstreamModel(), route.requestedModel());
    }

    @Override
    public List<ModelInfo> models() {
        return router.models();
    }

    @Override
    public List<Provider> providers() {
        return router.providers();
    }

    @Override
    public boolean simulatedOnly() {
        return router.simulatedOnly();
    }

    @Override
    public List<DeploymentState> deployments() {
        return router.deployments();
    }

    private final class MeteredProvider implements Provider {
        private final Provider provider;

        MeteredProvider(Provider provider) {
            this.provider = provider;
        }

        @Override
        public String name() {
            return provider.name();
        }

        @Override
        public ChatResponse complete(ChatRequest request) {
            ChatResponse response = provider.complete(request);
            telemetry.recordUsage(response.model() != null ? response.model() : request.model(), name(), response.usage());
            return response;
        }

        @Override
        public EventStream stream(ChatRequest request) {
            EventStream events = provider.stream(request);
            return new EventStream() {
                private Usage usage = Usage.ZERO;
                private String model = request.model();
                private boolean recorded;

                @Override
                public StreamEvent next() {
                    StreamEvent event = events.next();
                    switch (event) {
                        case StreamEvent.Start start -> {
                            usage = usage.plus(start.usage());
                            model = start.model() != null ? start.model() : model;
                        }
                        case StreamEvent.Delta delta when delta.usage() != null -> usage = usage.plus(delta.usage());
                        case null, default -> {}
                    }
                    return event;
                }

                @Override
                public boolean ready() {
                    return events.ready();
                }

                @Override
                public void close() {
                    if (!recorded && usage.totalTokens() > 0) {
                        recorded = true;
                        telemetry.recordUsage(model, name(), usage);
                    }
                    events.close();
                }
            };
        }

        @Override
        public String toString() {
            return provider.toString();
        }
    }
}
