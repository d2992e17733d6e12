package dev.contextgate.server;

import dev.contextgate.provider.ModelRouter;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /v1/models}, one path for both dialects: Anthropic's list shape when the caller sent an
 * {@code anthropic-version} header (as Anthropic's SDK always does), OpenAI's otherwise.
 */
public final class ModelListRoutes implements Routes {

    private final ModelRouter router;
    private final Function<List<ModelRouter.ModelInfo>, byte[]> openAiList;
    private final Function<List<ModelRouter.ModelInfo>, byte[]> anthropicList;

    public ModelListRoutes(
            ModelRouter router,
            Function<List<ModelRouter.ModelInfo>, byte[]> openAiList,
            Function<List<ModelRouter.ModelInfo>, byte[]> anthropicList) {
        this.router = router;
        this.openAiList = openAiList;
        this.anthropicList = anthropicList;
    }

    @Override
    public void register(RouteTable table) {
        table.add("GET", "/v1/models", exchange -> {
            var encoder = exchange.headers().containsKey("anthropic-version") ? anthropicList : openAiList;
            exchange.respondJson(200, encoder.apply(router.models()));
        });
    }
}
