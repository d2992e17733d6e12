package dev.contextgate.context;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds a context's oldest turns into a summary, in the background and never on a request's path.
 * At most one job per context runs at a time; a failed model call or a lost race leaves the context
 * exactly as it was.
 */
public final class Summarizer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Summarizer.class);

    static final String INSTRUCTIONS = "You compress conversations. Write a compact summary of the conversation"
            + " below for the assistant who continues it: keep facts, names, numbers, decisions, open questions"
            + " and the user's preferences; drop pleasantries. Answer with the summary only.";

    private static final int SUMMARY_MAX_TOKENS = 1024;

    private final ContextStore store;
    private final TokenEstimator tokens;
    private final BiFunction<String, ChatRequest, ChatResponse> model;
    private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /** @param model calls a model by the name a caller would use (routing included) */
    public Summarizer(ContextStore store, TokenEstimator tokens, BiFunction<String, ChatRequest, ChatResponse> model) {
        this.store = store;
        this.tokens = tokens;
        this.model = model;
    }

    /** Starts a job for this context unless one is running; returns at once. */
    public void schedule(String contextId, SummaryPolicy policy) {
        if (running.add(contextId)) {
            // The request that asked for it is named in the job's log lines.
            jobs.submit(dev.contextgate.observe.Mdc.carry(() -> {
                try {
                    run(contextId, policy);
                } catch (RuntimeException e) {
                    log.warn("summary of context {} failed; the context is unchanged: {}", contextId, e.getMessage());
                } finally {
                    running.remove(contextId);
                }
            }));
        }
    }

    /** True while a job for this context is queued or running. */
    public boolean busy(String contextId) {
        return running.contains(contextId);
    }

    void run(String contextId, SummaryPolicy policy) {
        ContextSummary old = store.summary(contextId);
        List<StoredMessage> open = new ArrayList<>();
        long openTokens = 0;
        for (StoredMessage m : store.history(contextId)) {
            if (m.seq() > old.throughSeq()) {
                open.add(m);
                openTokens += m.tokens();
            }
        }
        if (openTokens <= policy.afterTokens()) {
            return;
        }
        // Fold until half the threshold remains, so that a summary is not remade on every turn.
        List<StoredMessage> folded = new ArrayList<>();
        long remaining = openTokens;
        List<List<StoredMessage>> turns = WindowFitter.turns(open);
        for (int i = 0; i < turns.size() - 1 && remaining > policy.afterTokens() / 2; i++) {
            for (StoredMessage m : turns.get(i)) {
                folded.add(m);
                remaining -= m.tokens();
            }
        }
        if (folded.isEmpty()) {
            return;
        }
        List<Message> prompt = List.of(Message.user(transcript(old, folded)));
        ChatRequest request = ChatRequest.simple(policy.model(), prompt, Dialect.OPENAI)
                .withConversation(INSTRUCTIONS, prompt).withMaxTokens(SUMMARY_MAX_TOKENS);
        String text = model.apply(policy.model(), request).asMessage().text().strip();
        if (text.isEmpty()) {
            log.warn("summary of context {} came back empty; keeping the old one", contextId);
            return;
        }
        ContextSummary fresh = new ContextSummary(text, folded.getLast().seq(), tokens.text(text));
        if (!store.saveSummary(contextId, old.throughSeq(), fresh)) {
            log.info("summary of context {} lost a race with another; dropped", contextId);
        }
    }

    static String transcript(ContextSummary old, List<StoredMessage> messages) {
        StringBuilder sb = new StringBuilder();
        if (!old.isEmpty()) {
            sb.append("Summary so far:\n").append(old.text()).append("\n\n");
        }
        sb.append("Conversation:\n");
        for (StoredMessage m : messages) {
            sb.append(m.message().role().name().toLowerCase(Locale.ROOT)).append(": ");
            for (Content c : m.message().content()) {
                switch (c) {
                    case Content.Text t -> sb.append(t.text());
                    case Content.ToolUse u -> sb.append("[called ").append(u.name()).append(' ').append(u.inputJson()).append(']');
                    case Content.ToolResult r -> sb.append("[tool result: ").append(new Message(
                            dev.contextgate.chat.Role.USER, r.content()).text()).append(']');
                    case Content.Image i -> sb.append("[image]");
                    case Content.Thinking t -> { }
                    case Content.RedactedThinking r -> { }
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        jobs.shutdown();
        try {
            jobs.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
