package dev.contextgate.chat;

/**
 * Extended thinking as asked for: Anthropic gives a token budget, OpenAI an effort word
 * ({@code minimal|low|medium|high}). Either may be null; codecs translate one into the other.
 */
public record Reasoning(Integer budgetTokens, String effort) {}
