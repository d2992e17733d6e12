package dev.contextgate.store;

import dev.contextgate.chat.Message;
import dev.contextgate.context.ContextStore;
import dev.contextgate.context.NewMessage;
import dev.contextgate.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Run in a child JVM by {@link SqliteCrashTest}: commits turns forever, printing each acknowledged one. */
public final class CrashWriter {

    private CrashWriter() {}

    public static void main(String[] args) {
        ContextStore store = SqliteStore.open(Path.of(args[0]), Clock.systemUTC());
        store.getOrCreate("crash", "");
        for (int turn = 0; ; turn++) {
            store.append("crash", List.of(new NewMessage(Message.user("q" + turn), "m", 1),
                    new NewMessage(Message.assistant("a" + turn), "m", 1)));
            System.out.println("ack " + turn);
            System.out.flush();
        }
    }
}
