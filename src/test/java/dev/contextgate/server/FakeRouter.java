package dev.contextgate.server;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.provider.DeploymentState;
import dev.contextgate.provider.ModelRouter;
import dev.contextgate.provider.Provider;
import dev.contextgate.provider.Route;
import java.util.List;

/** Routes {@code fake-model} (and {@code counting-model}) to test providers; everything else is unknown. */
final class FakeRouter implements ModelRouter {

    final FakeProvider provider = new FakeProvider();
    final CountingProvider counting = new CountingProvider();

    @Override
    public Route route(String model) {
        return switch (model) {
            case "fake-model" -> new Route(provider, "fake-upstream", model);
            case "counting-model" -> new Route(counting, "counting-upstream", model);
            default -> throw GatewayError.notFound("model " + model + " routes nowhere; try fake-model");
        };
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo("fake-model", "fake"));
    }

    @Override
    public List<Provider> providers() {
        return List.of(provider);
    }

    @Override
    public boolean simulatedOnly() {
        return false;
    }

    @Override
    public List<DeploymentState> deployments() {
        return List.of();
    }
}
