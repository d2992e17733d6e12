package dev.contextgate.server;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.ResponseAssembler;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.dialect.ServerCodec;
import dev.contextgate.dialect.StreamEncoder;
import dev.contextgate.provider.EventStream;
import dev.contextgate.provider.ModelRouter;
import dev.contextgate.provider.Route;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat call, whichever dialect it came in: decode, route, call, encode, in that order. Context
 * attach goes between route and call, context commit after a complete answer (both a later issue).
 * Errors before the response started are thrown and rendered by the server; after, they end the stream.
 */
public final class ChatCall {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCall.class);

    private final ModelRouter router;

    public ChatCall(ModelRouter router) {
        this.router = router;
    }

    public void serve(Exchange exchange, ServerCodec codec) throws IOException {
        ChatRequest request = codec.decodeRequest(exchange.readBody(), exchange.headers());
        Route route = router.route(request.model());
        ChatRequest upstreamRequest = request.withModel(route.upstreamModel());
        if (request.stream()) {
            stream(exchange, codec, route, upstreamRequest);
        } else {
            complete(exchange, codec, route, upstreamRequest);
        }
    }

    private void complete(Exchange exchange, ServerCodec codec, Route route, ChatRequest request) throws IOException {
        ChatResponse response = exchange.upstream(() -> route.provider().complete(request));
        exchange.setHeader(Exchange.MODEL, response.model());
        exchange.respondJson(200, codec.encodeResponse(response, response.model()));
    }

    /**
     * Pulls events from the upstream and writes each at once. The first event is awaited before the
     * headers go out, so an upstream that fails at once still gets a proper status. A failed write
     * means the client left: the upstream stream is closed at once (try-with-resources) and we stop.
     */
    private void stream(Exchange exchange, ServerCodec codec, Route route, ChatRequest request) throws IOException {
        try (EventStream events = exchange.upstream(() -> route.provider().stream(request))) {
            StreamEvent first = exchange.upstream(events::next);
            String model = first instanceof StreamEvent.Start start ? start.model() : route.upstreamModel();
            StreamEncoder encoder = codec.streamEncoder(model, request.includeUsage());
            ResponseAssembler answer = new ResponseAssembler();
            exchange.setHeader(Exchange.MODEL, model);
            try (SseSink sink = exchange.openEventStream()) {
                try {
                    for (StreamEvent event = first; event != null; event = exchange.upstream(events::next)) {
                        answer.accept(event);
                        sink.emit(encoder.encode(event));
                    }
                } catch (GatewayError e) {
                    LOG.info("request {}: stream from {} ended with {}: {}",
                            exchange.requestId(), route.provider().name(), e.kind(), e.getMessage());
                    sink.emit(encoder.encodeError(e));
                } catch (RuntimeException e) {
                    LOG.error("request {}: stream failed", exchange.requestId(), e);
                    sink.emit(encoder.encodeError(new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                            "internal error; request id " + exchange.requestId())));
                }
            }
            // A complete answer (answer.complete()) is where a later issue commits it to the context.
        }
    }
}
