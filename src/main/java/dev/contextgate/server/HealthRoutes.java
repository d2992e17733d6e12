package dev.contextgate.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
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
    private final Map<String, ProviderType> typesByName = new LinkedHashMap<>();

    /** @param providers the configured providers, to report each one's type */
    public HealthRoutes(ModelRouter router, List<ProviderConfig> providers) {
        this.router = router;
        providers.forEach(p -> typesByName.put(p.name(), p.type()));
    }

    @Override
    public void register(RouteTable table) {
        table.add("GET", "/health", exchange -> exchange.respondJson(200, json(live())));
        table.add("GET", "/health/ready", exchange -> exchange.respondJson(200, json(ready())));
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ready");
        body.put("providers", providers);
        body.put("simulated", router.simulatedOnly());
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
