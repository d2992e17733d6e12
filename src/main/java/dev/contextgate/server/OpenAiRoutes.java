package dev.contextgate.server;

import dev.contextgate.dialect.ServerCodec;

/** OpenAI Chat Completions. ({@code GET /v1/models} is {@link ModelListRoutes}, shared by both dialects.) */
public final class OpenAiRoutes implements Routes {

    private final ServerCodec codec;
    private final ChatCall chat;

    public OpenAiRoutes(ServerCodec codec, ChatCall chat) {
        this.codec = codec;
        this.chat = chat;
    }

    @Override
    public void register(RouteTable table) {
        table.add("POST", "/v1/chat/completions", exchange -> chat.serve(exchange, codec));
    }
}
