import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.ModelConfig;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.StoreConfig;
import dev.contextgate.dialect.Json;
import dev.contextgate.provider.FakeUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chaos run: N requests (half streamed, half on a context) through the real gateway to a model
 * with two deployments whose fake upstreams fail a share of calls before the first byte (500, 503,
 * 429, 529-like overload, reset). Default resilience settings. Prints success rate, latency against a
 * fault-free run, and whether any context holds a partial or unanswered turn.
 * Usage: java -cp ... bench/chaos/ChaosRun.java [requests] [faultRate] [concurrency]
 */
public class ChaosRun {

    static final String OK = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""";
    static final String STREAM = """
            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" there"},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            data: [DONE]

            """;
    static final String ERR = """
            {"error":{"message":"injected","type":"server_error","param":null,"code":null}}""";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 0.20;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        run(Math.min(n, 2000), 0, concurrency); // warm-up: JIT and connection pools, not measured
        Result base = run(n, 0, concurrency);
        Result chaos = run(n, rate, concurrency);
        System.out.printf("requests per run: %d, concurrency %d, injected fault rate %.0f%% per upstream call%n",
                n, concurrency, rate * 100);
        System.out.printf("no faults : success %d/%d, upstream calls %d, latency ms p50 %.1f p99 %.1f mean %.1f%n",
                base.ok, n, base.calls, base.p(50), base.p(99), base.mean());
        System.out.printf("with faults: success %d/%d (%.3f%%), upstream calls %d (faults injected %d), latency ms p50 %.1f p99 %.1f mean %.1f%n",
                chaos.ok, n, 100.0 * chaos.ok / n, chaos.calls, chaos.faults, chaos.p(50), chaos.p(99), chaos.mean());
        System.out.printf("added latency (mean): %.1f ms; p99: %.1f ms%n", chaos.mean() - base.mean(), chaos.p(99) - base.p(99));
        System.out.printf("contexts checked: %d, turns expected %d, found %d, partial or extra turns: %d%n",
                chaos.contexts, chaos.expectedTurns, chaos.foundTurns, chaos.badContexts);
    }

    record Result(int ok, long calls, long faults, double[] millis, int contexts, int expectedTurns, int foundTurns,
            int badContexts) {
        double p(int q) {
            return millis[Math.min(millis.length - 1, (int) Math.ceil(q / 100.0 * millis.length) - 1)];
        }

        double mean() {
            return Arrays.stream(millis).average().orElse(0);
        }
    }

    static FakeUpstream.Reply faulty(double rate, AtomicInteger calls, AtomicInteger faults) {
        return (exchange, fake) -> {
            calls.incrementAndGet();
            ThreadLocalRandom r = ThreadLocalRandom.current();
            if (r.nextDouble() < rate) {
                faults.incrementAndGet();
                switch (r.nextInt(4)) {
                    case 0 -> FakeUpstream.json(500, ERR).write(exchange, fake);
                    case 1 -> FakeUpstream.json(503, ERR).write(exchange, fake);
                    case 2 -> FakeUpstream.json(429, ERR).write(exchange, fake);
                    default -> FakeUpstream.reset().write(exchange, fake);
                }
                return;
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            if (accept != null && accept.contains("event-stream")) {
                FakeUpstream.sse(STREAM).write(exchange, fake);
            } else {
                FakeUpstream.json(200, OK).write(exchange, fake);
            }
        };
    }

    static Result run(int n, double rate, int concurrency) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger faults = new AtomicInteger();
        try (FakeUpstream one = FakeUpstream.start(); FakeUpstream two = FakeUpstream.start()) {
            one.otherwise(faulty(rate, calls, faults));
            two.otherwise(faulty(rate, calls, faults));
            RunningGateway gateway = Application.start(new GatewayConfig(
                    new ServerConfig("127.0.0.1", 0, null, 1 << 20), new StoreConfig("memory:"),
                    List.of(new ProviderConfig("one", ProviderType.OPENAI, "k1", one.url() + "/v1", null, null),
                            new ProviderConfig("two", ProviderType.OPENAI, "k2", two.url() + "/v1", null, null)),
                    List.of(new ModelConfig("chaos", List.of(new ModelConfig.Target("one", "gpt-4o-mini", 1),
                            new ModelConfig.Target("two", "gpt-4o-mini", 1)), List.of(), null, null)),
                    List.of(), SimulatedConfig.DEFAULT, null));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + gateway.port();
            int contexts = 200;
            AtomicInteger[] okPerContext = new AtomicInteger[contexts];
            for (int i = 0; i < contexts; i++) {
                okPerContext[i] = new AtomicInteger();
            }
            String tag = rate == 0 ? "base" : "chaos";
            double[] millis = new double[n];
            AtomicInteger ok = new AtomicInteger();
            try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    futures.add(pool.submit(() -> {
                        boolean stream = k % 2 == 0;
                        int ctx = (k / 2) % 2 == 0 ? k % contexts : -1;
                        String body = "{\"model\":\"chaos\",\"stream\":" + stream
                                + (ctx >= 0 ? ",\"context_id\":\"" + tag + "-" + ctx + "\"" : "")
                                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello " + k + "\"}]}";
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json")
                                    .build(), HttpResponse.BodyHandlers.ofString());
                            boolean good = r.statusCode() == 200 && r.body().contains("there")
                                    && (!stream || (r.body().contains("[DONE]") && !r.body().contains("\"error\"")));
                            if (good) {
                                ok.incrementAndGet();
                                if (ctx >= 0) {
                                    okPerContext[ctx].incrementAndGet();
                                }
                            }
                        } catch (Exception e) {
                            // counted as a failure
                        }
                        millis[k] = (System.nanoTime() - t0) / 1e6;
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            }
            int expected = 0;
            int found = 0;
            int bad = 0;
            for (int c = 0; c < contexts; c++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(
                        base + "/v1/contexts/" + tag + "-" + c + "/messages?limit=100")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                int turns = 0;
                boolean partial = false;
                if (r.statusCode() != 200) {
                    partial = okPerContext[c].get() > 0;
                } else {
                    var data = Json.MAPPER.readTree(r.body()).get("data");
                    for (int i = 0; i < data.size(); i++) {
                        var m = data.get(i);
                        if (m.get("role").asText().equals("assistant")) {
                            turns++;
                            partial |= !m.toString().contains("Hello there");
                            partial |= i == 0 || !data.get(i - 1).get("role").asText().equals("user");
                        }
                    }
                    partial |= data.size() != 2 * turns;
                }
                expected += okPerContext[c].get();
                found += turns;
                if (partial || turns != okPerContext[c].get()) {
                    bad++;
                }
            }
            gateway.close();
            Arrays.sort(millis);
            return new Result(ok.get(), calls.get(), faults.get(), millis, contexts, expected, found, bad);
        }
    }
}
