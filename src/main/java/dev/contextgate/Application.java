package dev.contextgate;

import dev.contextgate.config.GatewayConfig;
import dev.contextgate.context.TokenEstimator;
import dev.contextgate.dialect.anthropic.AnthropicCodec;
import dev.contextgate.dialect.openai.OpenAiCodec;
import dev.contextgate.provider.DefaultModelRouter;
import dev.contextgate.provider.ModelRouter;
import dev.contextgate.server.AnthropicRoutes;
import dev.contextgate.server.ApiKeyAuth;
import dev.contextgate.server.ChatCall;
import dev.contextgate.server.CountTokensCodec;
import dev.contextgate.server.DialectCodecs;
import dev.contextgate.server.GatewayServer;
import dev.contextgate.server.HealthRoutes;
import dev.contextgate.server.ModelListRoutes;
import dev.contextgate.server.OpenAiRoutes;
import java.io.IOException;
import java.util.List;

/** The composition root: the one place that builds and wires every part of the gateway. */
public final class Application {

    private Application() {}

    /**
     * Builds providers, router, codecs and server from {@code config} and starts listening.
     *
     * @throws java.net.BindException when the port is taken (the caller explains who holds it)
     */
    public static RunningGateway start(GatewayConfig config) throws IOException {
        ModelRouter router = DefaultModelRouter.fromConfig(config);
        OpenAiCodec openAi = new OpenAiCodec();
        AnthropicCodec anthropic = new AnthropicCodec();
        CountTokensCodec countTokens =
                CountTokensCodec.of(anthropic::decodeCountTokensRequest, anthropic::encodeCountTokensResponse);
        ChatCall chat = new ChatCall(router);
        return GatewayServer.start(
                config.server(),
                new ApiKeyAuth(config.keys()),
                new DialectCodecs(openAi, anthropic),
                List.of(new HealthRoutes(router, config.providers()),
                        new OpenAiRoutes(openAi, chat),
                        new AnthropicRoutes(anthropic, countTokens, chat, router, new TokenEstimator()),
                        new ModelListRoutes(router, OpenAiCodec::encodeModelList, AnthropicCodec::encodeModelList)));
    }
}
