package dev.contextgate.server;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.Usage;
import dev.contextgate.context.TokenEstimator;
import dev.contextgate.dialect.ServerCodec;
import dev.contextgate.provider.ModelRouter;
import dev.contextgate.provider.Route;
import dev.contextgate.provider.TokenCounter;
import java.io.IOException;
import java.util.OptionalInt;

/** Anthropic Messages and its token counting. */
public final class AnthropicRoutes implements Routes {

    private final ServerCodec codec;
    private final CountTokensCodec countCodec;
    private final ChatCall chat;
    private final ModelRouter router;
    private final TokenEstimator estimator;

    public AnthropicRoutes(
            ServerCodec codec, CountTokensCodec countCodec, ChatCall chat, ModelRouter router, TokenEstimator estimator) {
        this.codec = codec;
        this.countCodec = countCodec;
        this.chat = chat;
        this.router = router;
        this.estimator = estimator;
    }

    @Override
    public void register(RouteTable table) {
        table.add("POST", "/v1/messages", exchange -> chat.serve(exchange, codec));
        table.add("POST", "/v1/messages/count_tokens", this::countTokens);
    }

    /**
     * The routed provider counts when it can (exactly): a routed model through its whole plan of deployments and
     * fallbacks, as its chat calls go. Where it cannot (no deployment that counts within reach, or the plan ended on
     * one that cannot), the local estimate answers; an error is the plan's, rendered as for {@code /v1/messages}.
     * The provider's call is watched like a non-streamed chat call: a client that leaves meanwhile cancels it.
     */
    private void countTokens(Exchange exchange) throws IOException {
        CallNote note = exchange.call();
        byte[] body = exchange.readBody();
        note.requestBody = body;
        ChatRequest request = countCodec.decodeCountTokensRequest(body, exchange.headers());
        note.requestedModel = request.model();
        Route route = router.route(request.model());
        note.provider = route.provider().name();
        OptionalInt exact = route.provider() instanceof TokenCounter counter
                ? exchange.upstreamWhileClientWaits(
                        () -> counter.countTokens(request.withModel(route.upstreamModel())), () -> { })
                : OptionalInt.empty();
        int tokens = exact.isPresent() ? exact.getAsInt() : estimator.count(request);
        byte[] encoded = countCodec.encodeCountTokensResponse(tokens);
        note.usage = Usage.of(tokens, 0);
        note.responseBody = () -> encoded;
        exchange.respondJson(200, encoded);
    }
}
