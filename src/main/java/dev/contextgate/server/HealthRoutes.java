package dev.contextgate.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.contextgate.GatewayVersion;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.context.ContextStore;
import dev.contextgate.dialect.Json;
import dev.contextgate.provider.ModelRouter;
import dev.contextgate.provider.Provider;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Liveness and readiness; no key needed. */
public final class HealthRoutes implements Routes {

    private final ModelRouter router;
    private final ContextStore store;
    private final Map<String, ProviderType> typesByName = new LinkedHashMap<>();

    /** @param providers the configured providers, to report each one's type */
    public HealthRoutes(ModelRouter router, List<ProviderConfig> providers, ContextStore store) {
        this.router = router;
        this.store = store;
        providers.forEach(p -> typesByName.put(p.name(), p.type()));
    }

    @Override
    public void register(RouteTable table) {
        table.add("GET", "/health", exchange -> exchange.respondJson(200, json(live())));
        table.add("GET", "/health/ready", exchange -> {
            Map<String, Object> ready = ready();
            exchange.respondJson("ready".equals(ready.get("status")) ? 200 : 503, json(ready));
        });
    }

    private static Map<String, Object> live() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("version", GatewayVersion.current());
        body.put("api_version", GatewayVersion.API_VERSION);
        return body;
    }

    private Map<String, Object> ready() {
        List<Map<String, String>> providers = new ArrayList<>();
        for (Provider p : router.providers()) {
            ProviderType type = typesByName.getOrDefault(p.name(), ProviderType.SIMULATED);
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", p.name());
            entry.put("type", type.configName());
            providers.add(entry);
        }
        Map<String, Object> storeState = new LinkedHashMap<>();
        storeState.put("url", store.describe());
        boolean storeOpen;
        try {
            store.get("health-check");
            storeOpen = true;
        } catch (RuntimeException e) {
            storeOpen = false;
            storeState.put("error", e.getMessage());
        }
        storeState.put("status", storeOpen ? "open" : "failed");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", storeOpen ? "ready" : "not_ready");
        body.put("providers", providers);
        body.put("simulated", router.simulatedOnly());
        // Circuit breakers: an OPEN deployment is skipped until its cool-down ends; the gateway stays ready.
        body.put("deployments", router.deployments());
        body.put("store", storeState);
        return body;
    }

    private static byte[] json(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
