package dev.contextgate.context;

import dev.contextgate.chat.Content;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which stored turns go upstream. A turn starts at a user message that is not only tool
 * results and runs to the next one, so a tool call never travels without its result. Whole oldest
 * turns go first; the system prompt, the pins and the new messages always stay.
 */
public final class WindowFitter {

    private WindowFitter() {}

    /**
     * What fitting decided.
     *
     * @param kept the history messages that go upstream, oldest first
     * @param dropped the history messages left out, oldest first
     * @param tokens the estimated input tokens of what goes upstream
     * @param overBy how many tokens over the budget even the minimum is (0 when it fits)
     */
    public record Fit(List<StoredMessage> kept, List<StoredMessage> dropped, int tokens, int budget, int overBy) {
        public boolean fits() {
            return overBy == 0;
        }
    }

    /**
     * @param fixedTokens the tokens that always go: system prompt, pins, the request's own messages and tools
     * @param budget the most input tokens allowed
     */
    public static Fit fit(List<StoredMessage> history, int fixedTokens, int budget) {
        List<List<StoredMessage>> turns = turns(history);
        long total = fixedTokens;
        for (StoredMessage m : history) {
            total += m.tokens();
        }
        int first = 0;
        while (total > budget && first < turns.size()) {
            for (StoredMessage m : turns.get(first)) {
                total -= m.tokens();
            }
            first++;
        }
        List<StoredMessage> dropped = new ArrayList<>();
        List<StoredMessage> kept = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            (i < first ? dropped : kept).addAll(turns.get(i));
        }
        int tokens = (int) Math.min(Integer.MAX_VALUE, total);
        return new Fit(kept, dropped, tokens, budget, Math.max(0, tokens - budget));
    }

    public static List<List<StoredMessage>> turns(List<StoredMessage> history) {
        List<List<StoredMessage>> turns = new ArrayList<>();
        List<StoredMessage> current = null;
        for (StoredMessage m : history) {
            if (current == null || startsTurn(m.message())) {
                current = new ArrayList<>();
                turns.add(current);
            }
            current.add(m);
        }
        return turns;
    }

    private static boolean startsTurn(Message m) {
        if (m.role() != Role.USER) {
            return false;
        }
        for (Content c : m.content()) {
            if (c instanceof Content.ToolResult) {
                return false;
            }
        }
        return true;
    }
}
