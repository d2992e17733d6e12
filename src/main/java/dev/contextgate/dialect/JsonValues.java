package dev.contextgate.dialect;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the value at a streaming parser's current token and consumes all of it, so the caller's next
 * {@code nextToken()} moves on to the next field. Each method answers what the
 * {@link JsonNode} method it is named after answers for the same value, so a codec moved off
 * {@code readTree} reads every input exactly as before.
 *
 * <p>Strings and plain ints, the shapes providers actually send, are read straight from the parser;
 * anything else (a number where text was expected, 1.50, a boolean...) is read as a one-value tree and
 * asked the same question, because Jackson's text for such nodes ({@code 1.50} reads as "1.5",
 * {@code 1e3} as "1E+3") is not the parser's text.
 */
public final class JsonValues {

    private JsonValues() {}

    /** A parser over one JSON document, with the shared mapper's settings. */
    public static JsonParser parser(String json) throws IOException {
        return Json.MAPPER.createParser(json);
    }

    public static JsonParser parser(byte[] json) throws IOException {
        return Json.MAPPER.createParser(json);
    }

    /** A parser over {@code length} bytes of UTF-8 JSON from {@code offset}; nothing is copied. */
    public static JsonParser parser(byte[] json, int offset, int length) throws IOException {
        return Json.MAPPER.createParser(json, offset, length);
    }

    /** Reads a whole document from a parser placed before its first token. */
    @FunctionalInterface
    public interface DocumentReader<T> {
        T read(JsonParser p) throws IOException;
    }

    /**
     * Reads UTF-8 bytes with Jackson's byte parser, which builds no String for the document. Only when
     * that fails are they read again as the text {@code new String(json, UTF_8)} makes of them, which is
     * how stream events were read when they arrived as Strings: malformed UTF-8 (a server that cut a
     * character between two tokens) becomes U+FFFD instead of failing the event, and bad JSON fails with
     * the char parser's reason, which is worded differently in places (an unterminated string). The
     * second reading costs nothing on the way a good event takes.
     */
    public static <T> T read(byte[] json, int offset, int length, DocumentReader<T> reader) throws IOException {
        try (JsonParser p = parser(json, offset, length)) {
            return reader.read(p);
        } catch (IOException e) {
            try (JsonParser p = parser(new String(json, offset, length, StandardCharsets.UTF_8))) {
                return reader.read(p);
            }
        }
    }

    /** {@code node.isTextual() ? node.asText() : null}. */
    public static String string(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** {@code node.asText(fallback)}: null gives the fallback, an object or array "", a number its node's text. */
    public static String asText(JsonParser p, String fallback) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> fallback;
            case START_OBJECT, START_ARRAY -> {
                p.skipChildren();
                yield "";
            }
            default -> tree(p).asText(fallback);
        };
    }

    /** {@code node.asInt(fallback)}: numeric strings parse, longs truncate, decimals round toward zero. */
    public static int asInt(JsonParser p, int fallback) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        return tree(p).asInt(fallback);
    }

    /** The value as a tree when it is an object, else null: for the rare sub-objects read whole. */
    public static JsonNode objectOrNull(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) {
            return tree(p);
        }
        p.skipChildren();
        return null;
    }

    /**
     * The current value as a tree, exactly as {@code readTree} would have built it inside a document. A
     * number too large for a BigDecimal ({@code 1e99999999999}) is bad input like any other, not the
     * unchecked NumberFormatException databind throws for it.
     */
    public static JsonNode tree(JsonParser p) throws IOException {
        try {
            return Json.MAPPER.readTree(p);
        } catch (NumberFormatException e) {
            throw new JsonParseException(p, e.getMessage(), e);
        }
    }

    /**
     * Moves to the document's first token: true when it opens an object. Anything else is read through
     * first, so that a malformed array or scalar fails as bad JSON before it counts as a non-object.
     */
    public static boolean opensObject(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == JsonToken.START_OBJECT) {
            return true;
        }
        if (first != null) {
            tree(p);
        }
        return false;
    }
}
