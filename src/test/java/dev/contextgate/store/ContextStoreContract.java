package dev.contextgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.Role;
import dev.contextgate.context.ContextInfo;
import dev.contextgate.context.ContextPatch;
import dev.contextgate.context.ContextStore;
import dev.contextgate.context.ContextSummary;
import dev.contextgate.context.NewMessage;
import dev.contextgate.context.StoredMessage;
import dev.contextgate.context.SummaryPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One suite every store implementation must pass. */
abstract class ContextStoreContract {

    ContextStore store;

    abstract ContextStore open();

    @BeforeEach
    void setUp() {
        store = open();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static ContextInfo context(String id, String owner, long createdMillis) {
        Instant t = Instant.ofEpochMilli(createdMillis);
        return new ContextInfo(id, owner, t, t, "be brief", List.of("pin one"), Map.of("k", "v"), 1000, 0, 0, null);
    }

    static NewMessage user(String text, int tokens) {
        return new NewMessage(Message.user(text), "m", tokens);
    }

    @Test
    void createdContextReadsBackExactly() {
        ContextInfo c = context("ctx-1", "app", 1_000);
        store.create(c);
        assertThat(store.get("ctx-1")).contains(c);
        assertThat(store.get("nope")).isEmpty();
        assertThatThrownBy(() -> store.create(c)).isInstanceOf(GatewayError.class).hasMessageContaining("already exists");
    }

    @Test
    void getOrCreateMakesAnEmptyContextOnce() {
        ContextInfo first = store.getOrCreate("fresh", "app");
        ContextInfo second = store.getOrCreate("fresh", "other");
        assertThat(first.owner()).isEqualTo("app");
        assertThat(second).isEqualTo(first);
        assertThat(first.messageCount()).isZero();
    }

    @Test
    void appendKeepsOrderAndCounts() {
        store.getOrCreate("c", "");
        store.append("c", List.of(user("one", 3), new NewMessage(new Message(Role.ASSISTANT, List.of(
                new Content.ToolUse("call_1", "lookup", "{\"q\":\"x\"}"))), "gpt-4o", 5)));
        store.append("c", List.of(new NewMessage(new Message(Role.USER, List.of(
                new Content.ToolResult("call_1", List.of(new Content.Text("found")), false))), null, 2)));
        List<StoredMessage> history = store.history("c");
        assertThat(history).extracting(StoredMessage::tokens).containsExactly(3, 5, 2);
        assertThat(history.get(1).message().content().getFirst())
                .isEqualTo(new Content.ToolUse("call_1", "lookup", "{\"q\":\"x\"}"));
        assertThat(history.get(2).message().content().getFirst())
                .isEqualTo(new Content.ToolResult("call_1", List.of(new Content.Text("found")), false));
        assertThat(history).extracting(StoredMessage::seq).isSorted();
        ContextInfo info = store.get("c").orElseThrow();
        assertThat(info.messageCount()).isEqualTo(3);
        assertThat(info.tokenCount()).isEqualTo(10);
    }

    @Test
    void appendToAMissingContextIsNotFound() {
        assertThatThrownBy(() -> store.append("ghost", List.of(user("x", 1))))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.kind()).isEqualTo(GatewayError.Kind.NOT_FOUND));
    }

    @Test
    void messagesPageBothWays() {
        store.getOrCreate("c", "");
        List<StoredMessage> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.addAll(store.append("c", List.of(user("m" + i, 1))));
        }
        assertThat(store.messages("c", 2, null, false)).containsExactly(all.get(0), all.get(1));
        assertThat(store.messages("c", 2, all.get(1).id(), false)).containsExactly(all.get(2), all.get(3));
        assertThat(store.messages("c", 2, null, true)).containsExactly(all.get(4), all.get(3));
        assertThat(store.messages("c", 10, all.get(3).id(), true)).containsExactly(all.get(2), all.get(1), all.get(0));
        assertThatThrownBy(() -> store.messages("c", 2, "msg_missing", false)).isInstanceOf(GatewayError.class);
    }

    @Test
    void patchChangesOnlyWhatItNames() {
        store.create(context("c", "app", 1));
        store.update("c", new ContextPatch(null, List.of("a", "b"), null, Optional.empty(), null));
        ContextInfo c = store.get("c").orElseThrow();
        assertThat(c.system()).isEqualTo("be brief");
        assertThat(c.pins()).containsExactly("a", "b");
        assertThat(c.metadata()).containsEntry("k", "v");
        assertThat(c.maxTokens()).isNull();
        assertThat(store.update("none", ContextPatch.NONE)).isEmpty();
    }

    @Test
    void replaceAndRemoveMessagesAdjustCounts() {
        store.getOrCreate("c", "");
        List<StoredMessage> s = store.append("c", List.of(user("a", 4), user("b", 6), user("c", 8)));
        StoredMessage edited = store.replaceMessage("c", s.get(0).id(), user("A!", 1)).orElseThrow();
        assertThat(edited.seq()).isEqualTo(s.get(0).seq());
        assertThat(store.history("c").getFirst().message().text()).isEqualTo("A!");
        List<StoredMessage> removed = store.removeMessages("c", List.of(s.get(1).id(), "msg_none"));
        assertThat(removed).extracting(StoredMessage::id).containsExactly(s.get(1).id());
        ContextInfo info = store.get("c").orElseThrow();
        assertThat(info.messageCount()).isEqualTo(2);
        assertThat(info.tokenCount()).isEqualTo(9);
    }

    @Test
    void removeMessagesReturnsEachRemovedMessageOnceAndOnlyFromItsContext() {
        store.getOrCreate("c", "");
        store.getOrCreate("other", "");
        List<StoredMessage> s = store.append("c", List.of(user("a", 4), user("b", 6), user("c", 8)));
        StoredMessage elsewhere = store.append("other", List.of(user("x", 3))).getFirst();

        List<StoredMessage> removed = store.removeMessages("c",
                List.of(s.get(0).id(), s.get(0).id(), elsewhere.id(), s.get(2).id()));

        assertThat(removed).containsExactly(s.get(0), s.get(2));
        assertThat(store.history("c")).containsExactly(s.get(1));
        assertThat(store.history("other")).containsExactly(elsewhere);
        assertThat(store.get("c").orElseThrow().messageCount()).isEqualTo(1);
        assertThat(store.get("c").orElseThrow().tokenCount()).isEqualTo(6);
        assertThat(store.get("other").orElseThrow().messageCount()).isEqualTo(1);
        assertThat(store.removeMessages("c", List.of(s.get(0).id()))).isEmpty();
    }

    @Test
    void listIsPerOwnerNewestFirstWithCursor() {
        for (int i = 0; i < 5; i++) {
            store.create(context("c" + i, "app", 1_000 + i));
        }
        store.create(context("theirs", "other", 5_000));
        List<ContextInfo> page1 = store.list("app", 2, null);
        assertThat(page1).extracting(ContextInfo::id).containsExactly("c4", "c3");
        assertThat(store.list("app", 10, "c3")).extracting(ContextInfo::id).containsExactly("c2", "c1", "c0");
        assertThat(store.list("other", 10, null)).extracting(ContextInfo::id).containsExactly("theirs");
    }

    @Test
    void deleteRemovesTheContextAndItsMessages() {
        store.getOrCreate("c", "");
        store.append("c", List.of(user("a", 1)));
        assertThat(store.delete("c")).isTrue();
        assertThat(store.get("c")).isEmpty();
        assertThat(store.history("c")).isEmpty();
        assertThat(store.delete("c")).isFalse();
    }

    @Test
    void concurrentAppendsAreAllKeptWhole() throws Exception {
        store.getOrCreate("c", "");
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                done.add(pool.submit(() -> store.append("c", List.of(user("q" + n, 1), user("a" + n, 1)))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        List<StoredMessage> history = store.history("c");
        assertThat(history).hasSize(200);
        for (int i = 0; i < 200; i += 2) {
            String q = history.get(i).message().text();
            assertThat(history.get(i + 1).message().text()).isEqualTo("a" + q.substring(1));
        }
        assertThat(store.get("c").orElseThrow().messageCount()).isEqualTo(200);
    }

    @Test
    void aSummaryIsSavedOnlyOverTheOneItWasMadeFrom() {
        store.getOrCreate("c", "");
        assertThat(store.summary("c")).isEqualTo(ContextSummary.NONE);
        ContextSummary first = new ContextSummary("they met", 4, 3);
        assertThat(store.saveSummary("c", 0, first)).isTrue();
        assertThat(store.summary("c")).isEqualTo(first);
        assertThat(store.saveSummary("c", 0, new ContextSummary("stale", 2, 1))).isFalse();
        assertThat(store.summary("c")).isEqualTo(first);
        assertThat(store.saveSummary("ghost", 0, first)).isFalse();
    }

    @Test
    void restoreWritesExactlyWhatItIsGivenAndAppendsContinueAfter() {
        ContextInfo info = new ContextInfo("imported", "app", Instant.ofEpochMilli(5_000), Instant.ofEpochMilli(6_000),
                "sys", List.of("p"), Map.of("a", "b"), 500, 2, 7, new SummaryPolicy("simulated", 100));
        List<StoredMessage> messages = List.of(
                new StoredMessage("msg_a", 4, Message.user("hi"), "m1", Instant.ofEpochMilli(5_500), 3),
                new StoredMessage("msg_b", 9, Message.assistant("yo"), "m2", Instant.ofEpochMilli(5_600), 4));
        store.restore(info, messages);
        assertThat(store.get("imported")).contains(info);
        assertThat(store.history("imported")).isEqualTo(messages);
        StoredMessage next = store.append("imported", List.of(user("more", 1))).getFirst();
        assertThat(next.seq()).isGreaterThan(9);
        assertThatThrownBy(() -> store.restore(info, List.of())).isInstanceOf(GatewayError.class);
    }
}
