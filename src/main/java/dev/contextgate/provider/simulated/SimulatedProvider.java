package dev.contextgate.provider.simulated;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Role;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.ToolChoice;
import dev.contextgate.chat.Usage;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.provider.EventStream;
import dev.contextgate.provider.Provider;
import dev.contextgate.provider.TokenCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * An offline model, so the gateway serves (and can be tested) with no key and no network. Its answer is
 * a pure function of the request, so the same request always gets the same reply, id and usage; only
 * the pace (latency, tokens per second) comes from the configuration.
 */
public final class SimulatedProvider implements Provider, TokenCounter {

    /** The built-in provider's name, also usable as {@code simulated/MODEL}. */
    public static final String NAME = "simulated";

    /** Pauses between events; tests swap in one that records instead of sleeping. */
    interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    private static final int ECHO_LIMIT = 200;

    private final String name;
    private final SimulatedConfig config;
    private final Sleeper sleeper;

    public SimulatedProvider(String name, SimulatedConfig config) {
        this(name, config, pause -> Thread.sleep(pause));
    }

    SimulatedProvider(String name, SimulatedConfig config, Sleeper sleeper) {
        this.name = name;
        this.config = config == null ? SimulatedConfig.DEFAULT : config;
        this.sleeper = sleeper;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        Answer answer = answer(request);
        // A whole answer takes as long as its stream would: the latency, then every token but the first.
        pause(latencyPause().plus(tokenPause().multipliedBy(Math.max(0, answer.outputTokens() - 1))));
        return answer.response();
    }

    @Override
    public EventStream stream(ChatRequest request) {
        return new PacedStream(answer(request).events(), this);
    }

    /** Always exact: the count below is the one its answers' usage reports. */
    @Override
    public OptionalInt countTokens(ChatRequest request) {
        return OptionalInt.of(inputTokens(request));
    }

    /** Whitespace-separated pieces of every text the model would read: simple, stable, good enough offline. */
    private static int inputTokens(ChatRequest request) {
        int count = request.system() == null ? 0 : words(request.system());
        for (Message m : request.messages()) {
            count += countContent(m.content());
        }
        return count;
    }

    static int words(String text) {
        return pieces(text).size();
    }

    /** Splits text into words each carrying the whitespace before it, so joining them gives the text back. */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start && !text.substring(start, i).isBlank()) {
                pieces.add(text.substring(start, i));
            } else if (i > start && !pieces.isEmpty()) {
                int last = pieces.size() - 1;
                pieces.set(last, pieces.get(last) + text.substring(start, i)); // trailing whitespace
            }
        }
        return pieces;
    }

    Duration latencyPause() {
        return config.latency() == null ? Duration.ZERO : config.latency();
    }

    Duration tokenPause() {
        double rate = config.tokensPerSecond();
        return rate <= 0 ? Duration.ZERO : Duration.ofNanos((long) (1_000_000_000L / rate));
    }

    void pause(Duration pause) {
        if (pause.isZero() || pause.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED, "the simulated answer was interrupted");
        }
    }

    private static int countContent(List<Content> content) {
        int count = 0;
        for (Content c : content) {
            count += switch (c) {
                case Content.Text t -> words(t.text());
                case Content.ToolUse u -> words(u.name()) + words(u.inputJson());
                case Content.ToolResult r -> countContent(r.content());
                case Content.Thinking t -> words(t.text());
                case Content.Image i -> 1;
                case Content.RedactedThinking r -> 1;
            };
        }
        return count;
    }

    private Answer answer(ChatRequest request) {
        int input = inputTokens(request);
        String tool = forcedTool(request);
        String id = "msg_sim_" + Integer.toHexString((request.model() + '\u0000' + lastUserText(request)).hashCode());
        if (tool != null) {
            String callId = "toolu_sim_" + Integer.toHexString((id + tool).hashCode());
            return new Answer(id, request.model(), List.of(), new Content.ToolUse(callId, tool, "{}"),
                    StopReason.TOOL_USE, Usage.of(input, 1));
        }
        String said = lastUserText(request);
        if (said.length() > ECHO_LIMIT) {
            said = said.substring(0, ECHO_LIMIT);
        }
        List<String> words = pieces("Simulated reply from " + request.model() + ": you said \"" + said + "\".");
        StopReason stop = StopReason.END_TURN;
        if (request.maxTokens() != null && words.size() > request.maxTokens()) {
            words = words.subList(0, Math.max(0, request.maxTokens()));
            stop = StopReason.MAX_TOKENS;
        }
        return new Answer(id, request.model(), words, null, stop, Usage.of(input, words.size()));
    }

    /** The tool the request obliges the model to call, or null: Required takes the first tool. */
    private static String forcedTool(ChatRequest request) {
        if (request.tools().isEmpty() || request.toolChoice() == null) {
            return null;
        }
        return switch (request.toolChoice()) {
            case ToolChoice.Required r -> request.tools().get(0).name();
            case ToolChoice.Named n -> n.name();
            case ToolChoice.Auto a -> null;
            case ToolChoice.None none -> null;
        };
    }

    private static String lastUserText(ChatRequest request) {
        List<Message> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return messages.get(i).text();
            }
        }
        return "";
    }

    /** What the model says, as words (text answer) or one tool call. */
    private record Answer(String id, String model, List<String> words, Content.ToolUse toolUse, StopReason stop,
            Usage usage) {

        int outputTokens() {
            return usage.outputTokens();
        }

        ChatResponse response() {
            Content content = toolUse != null ? toolUse : new Content.Text(String.join("", words));
            return new ChatResponse(id, model, List.of(content), stop, null, usage);
        }

        List<StreamEvent> events() {
            List<StreamEvent> events = new ArrayList<>(words.size() + 6);
            events.add(new StreamEvent.Start(id, model, Usage.of(usage.inputTokens(), 0)));
            if (toolUse != null) {
                events.add(new StreamEvent.BlockStart(0, new StreamEvent.Block.ToolUse(toolUse.id(), toolUse.name())));
                events.add(new StreamEvent.ToolArgumentsDelta(0, toolUse.inputJson()));
            } else {
                events.add(new StreamEvent.BlockStart(0, new StreamEvent.Block.Text()));
                for (String word : words) {
                    events.add(new StreamEvent.TextDelta(0, word));
                }
            }
            events.add(new StreamEvent.BlockStop(0));
            events.add(new StreamEvent.Delta(stop, null, usage));
            events.add(new StreamEvent.Stop());
            return events;
        }
    }
}
