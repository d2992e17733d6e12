package dev.contextgate.server;

import dev.contextgate.context.api.ApiExchange;
import dev.contextgate.context.api.ContextApi;
import java.io.IOException;
import java.util.function.Function;

/** The context API under {@code /v1/contexts}, and the seed project's two paths kept as thin aliases. */
public final class ContextRoutes implements Routes {

    private static final String PREFIX = "/v1/contexts";

    private final ContextApi api;

    public ContextRoutes(ContextApi api) {
        this.api = api;
    }

    @Override
    public void register(RouteTable table) {
        table.addTree(PREFIX, exchange -> serve(exchange, api::handle));
        table.add("POST", "/context/update", exchange -> serve(exchange, api::legacyUpdate));
        table.add("GET", "/context/retrieve", exchange -> serve(exchange, api::legacyRetrieve));
    }

    private static void serve(Exchange exchange, Function<ApiExchange, ApiExchange.Reply> call) throws IOException {
        String path = exchange.path();
        String below = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        byte[] body = exchange.method().equals("GET") || exchange.method().equals("DELETE") ? new byte[0] : exchange.readBody();
        ApiExchange.Reply reply = call.apply(new ApiExchange(exchange.method(), below, exchange.query(), body, exchange.owner()));
        exchange.respond(reply.status(), reply.contentType(), reply.body());
    }
}
