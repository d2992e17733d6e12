package dev.contextgate.chat;

/** Why a model stopped, in one vocabulary; each dialect maps it to its own words. */
public enum StopReason {
    END_TURN,
    MAX_TOKENS,
    STOP_SEQUENCE,
    TOOL_USE,
    CONTENT_FILTER,
    PAUSE_TURN,
    REFUSAL
}
