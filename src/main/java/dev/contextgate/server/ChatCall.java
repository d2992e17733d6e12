package dev.contextgate.server;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.ResponseAssembler;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.context.ContextLocks;
import dev.contextgate.context.ContextService;
import dev.contextgate.dialect.ServerCodec;
import dev.contextgate.dialect.StreamEncoder;
import dev.contextgate.observe.Telemetry;
import dev.contextgate.provider.EventStream;
import dev.contextgate.provider.ModelRouter;
import dev.contextgate.provider.Route;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat call, whichever dialect it came in: decode, route, attach context, call, commit, encode,
 * in that order. A call on a context holds that context's lock from attach to commit, so turns on
 * one context never interleave; the turn is committed only after a complete answer, and before the
 * caller sees the answer's end. Errors before the response started are thrown and rendered by the
 * server; after, they end the stream.
 */
public final class ChatCall {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCall.class);
    static final String CONTEXT_ID = "X-Context-Id";
    /** How long a stream may stay silent before a comment checks that the client is still there. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private final ModelRouter router;
    private final ContextService contexts;
    private final Telemetry telemetry;

    public ChatCall(ModelRouter router, ContextService contexts) {
        this(router, contexts, Telemetry.NONE);
    }

    /** @param telemetry told how long each context commit took */
    public ChatCall(ModelRouter router, ContextService contexts, Telemetry telemetry) {
        this.router = router;
        this.contexts = contexts;
        this.telemetry = telemetry;
    }

    public void serve(Exchange exchange, ServerCodec codec) throws IOException {
        CallNote note = exchange.call();
        byte[] body = exchange.readBody();
        note.requestBody = body;
        ChatRequest request = codec.decodeRequest(body, exchange.headers());
        String headerContext = exchange.headers().get("x-context-id");
        if (request.contextId() == null && headerContext != null) {
            request = request.withContextId(headerContext);
        }
        note.requestedModel = request.model();
        note.streamed = request.stream();
        note.contextId = request.contextId();
        Route route = router.route(request.model());
        note.provider = route.provider().name();
        ChatRequest upstreamRequest = request.withModel(route.upstreamModel());
        if (request.contextId() == null) {
            call(exchange, codec, route, upstreamRequest, answer -> { });
            return;
        }
        String contextId = ContextService.checkId(request.contextId());
        String requestedModel = request.model();
        try (ContextLocks.Lease lease = contexts.lock(contextId)) {
            ContextService.Attached attached = contexts.attach(upstreamRequest, exchange.owner(), requestedModel,
                    route.provider().name());
            exchange.setHeader(CONTEXT_ID, contextId);
            call(exchange, codec, route, attached.request(), answer -> {
                long t0 = System.nanoTime();
                contexts.commit(attached, answer, requestedModel);
                telemetry.contextCommitted(System.nanoTime() - t0);
            });
        }
    }

    private void call(Exchange exchange, ServerCodec codec, Route route, ChatRequest request,
            Consumer<ChatResponse> commit) throws IOException {
        if (request.stream()) {
            stream(exchange, codec, route, request, commit);
        } else {
            complete(exchange, codec, route, request, commit);
        }
    }

    /**
     * Waits for the whole answer while watching the client: one that leaves meanwhile cancels the upstream
     * call (the interrupt alone aborts it, so there is nothing else to close), and nothing is committed.
     */
    private void complete(Exchange exchange, ServerCodec codec, Route route, ChatRequest request,
            Consumer<ChatResponse> commit) throws IOException {
        ChatResponse response = exchange.upstreamWhileClientWaits(() -> route.provider().complete(request), () -> { });
        exchange.firstUpstreamByte();
        commit.accept(response);
        exchange.setHeader(Exchange.MODEL, response.model());
        byte[] encoded = codec.encodeResponse(response, response.model());
        CallNote note = exchange.call();
        note.model = response.model();
        note.usage = response.usage() == null ? Usage.ZERO : response.usage();
        note.responseBody = () -> encoded;
        exchange.respondJson(200, encoded);
    }

    /**
     * Pulls events from the upstream and writes them as they come (a burst already at hand in one write). The first event is awaited before the
     * headers go out, so an upstream that fails at once still gets a proper status; a client that leaves
     * during that wait closes the stream. A failed write later means the same: the upstream stream is
     * closed at once (try-with-resources) and we stop.
     */
    private void stream(Exchange exchange, ServerCodec codec, Route route, ChatRequest request,
            Consumer<ChatResponse> commit) throws IOException {
        try (EventStream events = exchange.upstream(() -> route.provider().stream(request))) {
            StreamEvent first = exchange.upstreamWhileClientWaits(events::next, events::close);
            exchange.firstUpstreamByte();
            String model = first instanceof StreamEvent.Start start ? start.model() : route.upstreamModel();
            ResponseAssembler answer = new ResponseAssembler();
            exchange.setHeader(Exchange.MODEL, model);
            CallNote note = exchange.call();
            note.model = model;
            note.responseBody = () -> codec.encodeResponse(answer.response(), model);
            try (StreamEncoder encoder = codec.streamEncoder(model, request.includeUsage());
                    SseSink sink = exchange.openEventStream()) {
                sink.heartbeat(HEARTBEAT, events::close);
                try {
                    for (StreamEvent event = first; event != null; event = exchange.upstream(events::next)) {
                        answer.accept(event);
                        if (event instanceof StreamEvent.Stop) {
                            ChatResponse done = answer.response();
                            note.usage = done.usage() == null ? Usage.ZERO : done.usage();
                            // Saved before the caller sees the end, so its next call finds this turn.
                            commit.accept(done);
                        }
                        // Held back only while the next event is already here; written before any wait.
                        sink.emit(encoder.encode(event), events.ready());
                    }
                } catch (GatewayError e) {
                    note.failed(e.kind());
                    LOG.info("request {}: stream from {} ended with {}: {}",
                            exchange.requestId(), route.provider().name(), e.kind(), e.getMessage());
                    sink.emit(encoder.encodeError(e));
                } catch (RuntimeException e) {
                    LOG.error("request {}: stream failed", exchange.requestId(), e);
                    note.failed("internal");
                    sink.emit(encoder.encodeError(new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                            "internal error; request id " + exchange.requestId())));
                }
            }
        }
    }
}
