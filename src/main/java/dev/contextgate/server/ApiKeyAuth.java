package dev.contextgate.server;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.config.KeyConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Client keys, known by their SHA-256 only. With none configured every call passes. A key is read
 * from {@code Authorization: Bearer} or {@code x-api-key}, hashed, and never logged nor echoed.
 */
public final class ApiKeyAuth {

    static final String MESSAGE = "missing or unknown API key: send Authorization: Bearer <key> or x-api-key";

    /** The owner of everything when no keys are configured (loopback only). */
    public static final String NO_KEYS_OWNER = "";

    private record Known(String name, byte[] sha256Hex) {}

    private final List<Known> known;

    public ApiKeyAuth(List<KeyConfig> keys) {
        this.known = keys.stream()
                .map(k -> new Known(k.name(),
                        k.keySha256().trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)))
                .toList();
    }

    public boolean enabled() {
        return !known.isEmpty();
    }

    /**
     * @return the name of the key that was sent, which owns what it creates; {@link #NO_KEYS_OWNER}
     *     when no keys are configured
     * @throws GatewayError of kind AUTHENTICATION when keys are configured and none matches
     */
    public String check(Map<String, String> headers) {
        if (known.isEmpty()) {
            return NO_KEYS_OWNER;
        }
        String key = sentKey(headers);
        if (key == null) {
            throw new GatewayError(GatewayError.Kind.AUTHENTICATION, MESSAGE);
        }
        byte[] sent = sha256Hex(key);
        String owner = null;
        for (Known candidate : known) {
            // No early exit: every candidate is compared, so timing does not tell how many keys exist.
            if (MessageDigest.isEqual(sent, candidate.sha256Hex()) && owner == null) {
                owner = candidate.name();
            }
        }
        if (owner == null) {
            throw new GatewayError(GatewayError.Kind.AUTHENTICATION, MESSAGE);
        }
        return owner;
    }

    private static String sentKey(Map<String, String> headers) {
        String authorization = headers.get("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            if (!key.isEmpty()) {
                return key;
            }
        }
        String apiKey = headers.get("x-api-key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }

    static byte[] sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
