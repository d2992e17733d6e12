package dev.contextgate.bench;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.Usage;
import dev.contextgate.context.ContextLocks;
import dev.contextgate.context.ContextService;
import dev.contextgate.context.ContextStore;
import dev.contextgate.context.ModelLimits;
import dev.contextgate.context.NewMessage;
import dev.contextgate.context.StoredMessage;
import dev.contextgate.context.TokenEstimator;
import dev.contextgate.store.CachingContextStore;
import dev.contextgate.store.memory.MemoryContextStore;
import dev.contextgate.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The cost of server-side context per request: attach (load + fit) and commit, on a context held at
 * 20 and at 200 turns, and the commit rate of 64 contexts at once. Run by {@code bench/context-store}.
 */
public final class ContextBench {

    private static final String QUESTION = "Could you summarise the trade-offs we discussed about caching and "
            + "consistency, and tell me which option you would pick for a small team?";
    private static final String ANSWER = "For a small team I would pick write-through caching with short TTLs: "
            + "it keeps reads fast, stays simple to reason about, and a stale read lasts seconds at most.";

    private ContextBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("contextgate-bench");
        TokenEstimator tokens = new TokenEstimator();
        System.out.printf(Locale.ROOT, "%-34s %10s %10s %10s %12s%n", "case", "p50 µs", "p99 µs", "mean µs", "req/s");
        for (String kind : List.of("sqlite", "sqlite+cache", "memory")) {
            for (int turns : List.of(20, 200)) {
                try (ContextStore store = open(kind, dir.resolve(kind + turns + ".db"))) {
                    ContextService service = new ContextService(store, new ModelLimits(List.of()), tokens, null, null);
                    row(kind + ", 1 context, " + turns + " turns", single(service, store, tokens, turns, seconds));
                }
            }
            try (ContextStore store = open(kind, dir.resolve(kind + "-64.db"))) {
                ContextService service = new ContextService(store, new ModelLimits(List.of()), tokens, null, null);
                row(kind + ", 64 contexts, 20 turns", concurrent(service, store, tokens, 64, 20, seconds));
            }
        }
    }

    private static ContextStore open(String kind, Path file) {
        return switch (kind) {
            case "sqlite" -> SqliteStore.open(file, Clock.systemUTC());
            case "sqlite+cache" -> new CachingContextStore(SqliteStore.open(file, Clock.systemUTC()), 100_000);
            default -> new MemoryContextStore(Clock.systemUTC());
        };
    }

    private record Result(long[] nanos, int count, double seconds) {}

    private static void row(String name, Result r) {
        long[] sorted = Arrays.copyOf(r.nanos(), r.count());
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        System.out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %10.1f %12.0f%n", name, sorted[sorted.length / 2] / 1e3,
                sorted[(int) (sorted.length * 0.99)] / 1e3, mean / 1e3, r.count() / r.seconds());
    }

    private static void seed(ContextStore store, TokenEstimator tokens, String id, int turns) {
        store.getOrCreate(id, "");
        List<NewMessage> history = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            history.add(new NewMessage(Message.user(QUESTION), "gpt-4o", tokens.count(Message.user(QUESTION))));
            history.add(new NewMessage(Message.assistant(ANSWER), "gpt-4o", tokens.count(Message.assistant(ANSWER))));
        }
        store.append(id, history);
    }

    /** One turn: lock, attach, commit; then (untimed) drop the oldest turn to hold the size. */
    private static long turn(ContextService service, ContextStore store, String id) {
        ChatRequest request = ChatRequest.simple("gpt-4o", List.of(Message.user(QUESTION)), Dialect.OPENAI).withContextId(id);
        ChatResponse reply = new ChatResponse("r", "gpt-4o", List.of(new Content.Text(ANSWER)), StopReason.END_TURN, null,
                Usage.of(1000, 40));
        long t0 = System.nanoTime();
        try (ContextLocks.Lease lease = service.lock(id)) {
            ContextService.Attached attached = service.attach(request, "", "gpt-4o", "openai");
            service.commit(attached, reply, "gpt-4o");
        }
        long took = System.nanoTime() - t0;
        List<StoredMessage> oldest = store.messages(id, 2, null, false);
        store.removeMessages(id, oldest.stream().map(StoredMessage::id).toList());
        return took;
    }

    private static Result single(ContextService service, ContextStore store, TokenEstimator tokens, int turns, int seconds) {
        seed(store, tokens, "bench", turns);
        for (int i = 0; i < 200; i++) {
            turn(service, store, "bench");
        }
        long[] nanos = new long[1 << 20];
        int n = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        while (System.nanoTime() < end && n < nanos.length) {
            nanos[n++] = turn(service, store, "bench");
        }
        return new Result(nanos, n, (System.nanoTime() - start) / 1e9);
    }

    private static Result concurrent(ContextService service, ContextStore store, TokenEstimator tokens, int contexts,
            int turns, int seconds) throws Exception {
        for (int c = 0; c < contexts; c++) {
            seed(store, tokens, "ctx-" + c, turns);
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<long[]>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < contexts; c++) {
                String id = "ctx-" + c;
                results.add(pool.submit(() -> {
                    long[] mine = new long[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < end && n < mine.length - 1) {
                        mine[++n] = turn(service, store, id);
                    }
                    mine[0] = n;
                    return mine;
                }));
            }
        }
        double took = (System.nanoTime() - start) / 1e9;
        long[] all = new long[1 << 22];
        int n = 0;
        for (Future<long[]> f : results) {
            long[] mine = f.get();
            for (int i = 1; i <= mine[0]; i++) {
                all[n++] = mine[i];
            }
        }
        return new Result(all, n, took);
    }
}
