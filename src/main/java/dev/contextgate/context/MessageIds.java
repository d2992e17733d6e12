package dev.contextgate.context;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message ids ({@code msg_} + time + counter + random) unique across restarts and processes without
 * asking the database first. Order comes from the sequence number, not the id.
 */
public final class MessageIds {

    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong counter = new AtomicLong();

    public String next() {
        StringBuilder sb = new StringBuilder(32).append("msg_");
        sb.append(Long.toString(System.currentTimeMillis(), 36));
        sb.append(Long.toString(counter.getAndIncrement() & 0xffffff, 36));
        for (int i = 0; i < 8; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }
}
