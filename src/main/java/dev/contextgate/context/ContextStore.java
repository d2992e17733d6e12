package dev.contextgate.context;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where contexts and their messages live. Implementations are thread-safe; every write is atomic and
 * durable when it returns. Callers check ownership through {@link ContextInfo#owner()}; the store
 * itself does not authorize.
 */
public interface ContextStore extends AutoCloseable {

    /**
     * @throws dev.contextgate.chat.GatewayError INVALID_REQUEST when a context with that id exists
     */
    ContextInfo create(ContextInfo context);

    Optional<ContextInfo> get(String id);

    /** The context, created empty for {@code owner} when it does not exist yet. */
    ContextInfo getOrCreate(String id, String owner);

    Optional<ContextInfo> update(String id, ContextPatch patch);

    /** Deletes the context and all its messages; false when there was none. */
    boolean delete(String id);

    /** The owner's contexts, newest first, starting after the context {@code afterId} (null: from the start). */
    List<ContextInfo> list(String owner, int limit, String afterId);

    /** The whole history, oldest first. */
    List<StoredMessage> history(String contextId);

    /** A page of messages; {@code afterId} is a message id cursor (null: from the start of that order). */
    List<StoredMessage> messages(String contextId, int limit, String afterId, boolean newestFirst);

    /**
     * Appends messages in one transaction, in order, and returns them as stored.
     *
     * @throws dev.contextgate.chat.GatewayError NOT_FOUND when the context does not exist
     */
    List<StoredMessage> append(String contextId, List<NewMessage> messages);

    /** Replaces one message's content and token count; empty when there is no such message. */
    Optional<StoredMessage> replaceMessage(String contextId, String messageId, NewMessage replacement);

    /** Removes these messages in one transaction and returns the ones that existed. */
    List<StoredMessage> removeMessages(String contextId, Collection<String> messageIds);

    /**
     * Writes a context and its messages exactly as given (ids, sequence numbers, times), for import.
     *
     * @throws dev.contextgate.chat.GatewayError INVALID_REQUEST when a context with that id exists
     */
    void restore(ContextInfo context, List<StoredMessage> messages);

    /** The context's summary, {@link ContextSummary#NONE} when it has none. */
    ContextSummary summary(String contextId);

    /**
     * Stores a new summary unless another was stored since {@code expectedThroughSeq} was read;
     * false when it lost that race (the caller drops its work) or the context is gone.
     */
    boolean saveSummary(String contextId, long expectedThroughSeq, ContextSummary summary);

    /** How many contexts and messages are stored: for metrics, read now and then, never per request. */
    Size size();

    /** The store's size; {@code messages} counts the messages of every context. */
    record Size(long contexts, long messages) {}

    /** A short word for {@code /health/ready}: e.g. {@code sqlite} with its path, or {@code memory}. */
    String describe();

    @Override
    void close();
}
