package dev.contextgate.provider;

/** Minimal bodies in each upstream's documented wire format, for the resilience tests and the chaos bench. */
final class Wire {

    private Wire() {}

    static final String OPENAI_OK = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""";

    static final String OPENAI_STREAM_HEAD = """
            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}

            """;

    static final String OPENAI_STREAM = OPENAI_STREAM_HEAD + """
            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"content":" there"},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            data: [DONE]

            """;

    static final String OPENAI_500 = """
            {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}""";

    static final String OPENAI_503 = """
            {"error":{"message":"The engine is currently overloaded, please try again later.","type":"server_error","param":null,"code":null}}""";

    static final String OPENAI_429 = """
            {"error":{"message":"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""";

    static final String ANTHROPIC_OK = """
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001",
             "content":[{"type":"text","text":"Hello from Claude"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":12,"output_tokens":4}}""";

    static final String ANTHROPIC_529 = """
            {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""";

    static final String OPENAI_CHAT = """
            {"model":"%s","messages":[{"role":"user","content":"Say hello"}]}""";

    static final String OPENAI_CHAT_STREAM = """
            {"model":"%s","stream":true,"messages":[{"role":"user","content":"Say hello"}]}""";

    static final String ANTHROPIC_CHAT = """
            {"model":"%s","max_tokens":100,"messages":[{"role":"user","content":"Say hello"}]}""";
}
