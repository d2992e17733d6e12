package dev.contextgate.chat;

/** The two wire languages ContextGate speaks, on either side. */
public enum Dialect {
    OPENAI,
    ANTHROPIC
}
