package dev.contextgate.context;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Attaches a context's history to a request and commits the turn after a complete answer. Callers
 * hold the context's lock ({@link #lock}) from attach to commit, so turns on one context never
 * interleave.
 */
public final class ContextService {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int MIN_MARGIN = 256;

    private final ContextStore store;
    private final ModelLimits limits;
    private final TokenEstimator tokens;
    private final ContextLocks locks = new ContextLocks();
    private final TokenCalibration calibration = new TokenCalibration();
    private final Summarizer summarizer;
    private final SummaryPolicy defaultPolicy;

    /**
     * @param summarizer makes summaries in the background; null turns summaries off
     * @param defaultPolicy the config's summary policy for contexts without their own; may be null
     */
    public ContextService(ContextStore store, ModelLimits limits, TokenEstimator tokens, Summarizer summarizer,
            SummaryPolicy defaultPolicy) {
        this.store = store;
        this.limits = limits;
        this.tokens = tokens;
        this.summarizer = summarizer;
        this.defaultPolicy = defaultPolicy;
    }

    /**
     * A request with its context attached, and what is needed to commit the turn later.
     *
     * @param provider the provider that will answer, whose reported usage calibrates our estimates
     */
    public record Attached(
            ChatRequest request, ContextInfo context, List<Message> newMessages, Window window, String provider) {}

    /**
     * What goes upstream for one model, and why.
     *
     * @param tokens the input tokens of what goes, calibrated for the provider
     * @param estimatedTokens the same before calibration, to compare with what the provider reports
     */
    public record Window(
            String system, List<StoredMessage> kept, List<StoredMessage> dropped, int tokens, int estimatedTokens,
            int budget, ModelLimits.Limits limits, ContextSummary summary, long unsummarizedTokens) {}

    public static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw GatewayError.invalid("context_id",
                    "context_id must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
        }
        return id;
    }

    public ContextLocks.Lease lock(String contextId) {
        return locks.acquire(contextId);
    }

    public ContextStore store() {
        return store;
    }

    /**
     * Loads the context (creating it on first use), puts its system prompt, pins and the history that
     * fits before the request's own, and returns the request to send.
     *
     * @param requestedModel the name the caller used, for per-alias window overrides
     * @throws GatewayError NOT_FOUND when another owner holds the id; CONTEXT_LENGTH_EXCEEDED when
     *     even system, pins and the new messages do not fit
     */
    public Attached attach(ChatRequest request, String owner, String requestedModel, String provider) {
        String id = checkId(request.contextId());
        ContextInfo context = store.getOrCreate(id, owner);
        if (!context.owner().equals(owner)) {
            throw GatewayError.notFound("context \"" + id + "\" not found");
        }
        Window window = window(context, request, requestedModel, provider);
        List<Message> messages = new ArrayList<>(window.kept().size() + request.messages().size());
        for (StoredMessage m : window.kept()) {
            messages.add(m.message());
        }
        messages.addAll(request.messages());
        SummaryPolicy policy = context.summarize() != null ? context.summarize() : defaultPolicy;
        if (summarizer != null && policy != null && window.unsummarizedTokens() > policy.afterTokens()) {
            summarizer.schedule(id, policy);
        }
        return new Attached(request.withConversation(window.system(), systemBlocks(context, window, request), messages),
                context, request.messages(), window, provider);
    }

    /**
     * The request's own system blocks, which carry its cache breakpoints, after one block holding what
     * the context puts before them (its system prompt, pins and summary); none when the request has none.
     */
    private static List<Content.Text> systemBlocks(ContextInfo context, Window window, ChatRequest request) {
        if (request.systemBlocks().isEmpty() || request.system().isBlank()) {
            return List.of();
        }
        String prefix = joinSystem(context, window.summary(), null);
        if (prefix == null) {
            return request.systemBlocks();
        }
        List<Content.Text> blocks = new ArrayList<>(request.systemBlocks().size() + 1);
        blocks.add(new Content.Text(prefix));
        blocks.addAll(request.systemBlocks());
        return blocks;
    }

    /** Appends the request's new messages and the reply in one transaction. */
    public List<StoredMessage> commit(Attached attached, ChatResponse response, String requestedModel) {
        List<NewMessage> turn = new ArrayList<>(attached.newMessages().size() + 1);
        for (Message m : attached.newMessages()) {
            turn.add(new NewMessage(m, requestedModel, tokens.count(m)));
        }
        calibration.observe(attached.provider(), attached.window().estimatedTokens(), response.usage().inputTokens());
        Message reply = response.asMessage();
        // Stored counts stay in one unit, our estimate; calibration converts when fitting.
        turn.add(new NewMessage(reply, response.model(), tokens.count(reply)));
        return store.append(attached.context().id(), turn);
    }

    /**
     * What a request on this context would send to the model: used by attach, and shown as is by
     * {@code GET /v1/contexts/{id}/window}.
     */
    public Window window(ContextInfo context, ChatRequest request, String requestedModel, String provider) {
        ModelLimits.Limits modelLimits = limits.lookup(requestedModel, request.model());
        ContextSummary summary = store.summary(context.id());
        String system = joinSystem(context, summary, request.system());
        int fixed = (system == null ? 0 : tokens.text(system)) + tokens.tools(request.tools());
        for (Message m : request.messages()) {
            fixed += tokens.count(m);
        }
        int output = request.maxTokens() != null ? request.maxTokens() : Math.min(modelLimits.maxOutputTokens(), 8192);
        int margin = Math.max(MIN_MARGIN, modelLimits.contextWindow() / 20);
        // The window is in the provider's tokens, stored counts and the context's cap in our estimate.
        double factor = calibration.factor(provider);
        long estimateBudget = (long) ((modelLimits.contextWindow() - output - margin) / factor);
        if (context.maxTokens() != null) {
            estimateBudget = Math.min(estimateBudget, (long) fixed + context.maxTokens());
        }
        int budget = (int) Math.floor(estimateBudget * factor);
        List<StoredMessage> open = new ArrayList<>();
        long openTokens = 0;
        for (StoredMessage m : store.history(context.id())) {
            if (m.seq() > summary.throughSeq()) {
                open.add(m);
                openTokens += m.tokens();
            }
        }
        WindowFitter.Fit fit = WindowFitter.fit(open, fixed, (int) Math.min(Integer.MAX_VALUE, estimateBudget));
        int tokens = (int) Math.ceil(fit.tokens() * factor);
        if (!fit.fits()) {
            throw new GatewayError(GatewayError.Kind.CONTEXT_LENGTH_EXCEEDED, "context \"" + context.id()
                    + "\": the system prompt, pins and new messages need about " + tokens + " tokens but "
                    + request.model() + " allows " + budget + " input tokens here (window "
                    + modelLimits.contextWindow() + " - max output " + output + " - margin " + margin + "), "
                    + (tokens - budget) + " too many: shorten the request, lower max_tokens, or unpin facts",
                    "messages", null, 0);
        }
        return new Window(system, fit.kept(), fit.dropped(), tokens, fit.tokens(), budget, modelLimits, summary,
                openTokens);
    }

    static String joinSystem(ContextInfo context, ContextSummary summary, String requestSystem) {
        StringBuilder sb = new StringBuilder();
        if (context.system() != null && !context.system().isBlank()) {
            sb.append(context.system());
        }
        if (!context.pins().isEmpty()) {
            if (!sb.isEmpty()) {
                sb.append("\n\n");
            }
            sb.append("Pinned facts:");
            for (String pin : context.pins()) {
                sb.append("\n- ").append(pin);
            }
        }
        if (!summary.isEmpty()) {
            if (!sb.isEmpty()) {
                sb.append("\n\n");
            }
            sb.append("Summary of the earlier conversation:\n").append(summary.text());
        }
        if (requestSystem != null && !requestSystem.isBlank()) {
            if (!sb.isEmpty()) {
                sb.append("\n\n");
            }
            sb.append(requestSystem);
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
