package dev.contextgate.context;

import dev.contextgate.chat.Message;
import dev.contextgate.chat.ToolDefinition;
import java.util.List;

/** Counts tokens before a call, when only an estimate can be had. */
public interface Tokens {

    int count(String text);

    int count(Message message);

    int count(List<ToolDefinition> tools);
}
