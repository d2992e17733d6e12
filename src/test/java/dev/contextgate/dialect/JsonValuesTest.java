package dev.contextgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each reader answers what the JsonNode method it is named after answers for the same value. */
class JsonValuesTest {

    /** The value in {@code json} as it sits inside a document: the parser on its first token. */
    private static JsonParser at(String json) throws IOException {
        JsonParser p = JsonValues.parser("{\"v\":" + json + ",\"after\":1}");
        p.nextToken();
        p.nextToken();
        p.nextToken();
        return p;
    }

    private static JsonNode node(String json) throws IOException {
        return Json.MAPPER.readTree("{\"v\":" + json + "}").get("v");
    }

    /** After reading, the parser's next token is the field that follows the value. */
    private static void assertConsumed(JsonParser p) throws IOException {
        assertThat(p.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
        assertThat(p.currentName()).isEqualTo("after");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"text\"", "\"\"", "\"12\"", "\"caf\\u00e9\"", "null", "true", "false", "0", "-7", "2147483647",
        "2147483648", "99999999999", "123456789012345678901234567890", "1.0", "1.50", "-0.5", "1e3", "2.5E-3",
        "{}", "{\"a\":[1,{\"b\":null}]}", "[]", "[1,\"x\",{}]",
    })
    void readsEachValueAsItsTreeWould(String json) throws IOException {
        JsonNode node = node(json);

        try (JsonParser p = at(json)) {
            assertThat(JsonValues.asText(p, "fallback")).isEqualTo(node.asText("fallback"));
            assertConsumed(p);
        }
        try (JsonParser p = at(json)) {
            assertThat(JsonValues.asInt(p, -42)).isEqualTo(node.asInt(-42));
            assertConsumed(p);
        }
        try (JsonParser p = at(json)) {
            assertThat(JsonValues.string(p)).isEqualTo(node.isTextual() ? node.asText() : null);
            assertConsumed(p);
        }
        try (JsonParser p = at(json)) {
            assertThat(JsonValues.objectOrNull(p)).isEqualTo(node.isObject() ? node : null);
            assertConsumed(p);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e99999999999", "-1e-99999999999"})
    void aNumberTooLargeForABigDecimalIsAParseErrorNotANumberFormatException(String json) throws IOException {
        try (JsonParser p = at(json)) {
            JsonParseException e = catchThrowableOfType(JsonParseException.class, () -> JsonValues.asText(p, ""));

            assertThat(e.getOriginalMessage()).contains(json);
        }
    }

    /** Reads a document's one value as a tree, noting which parser read it. */
    private static JsonNode readNoting(List<String> parsers, byte[] json, int offset, int length) throws IOException {
        return JsonValues.read(json, offset, length, p -> {
            parsers.add(p.getClass().getSimpleName());
            p.nextToken();
            return JsonValues.tree(p);
        });
    }

    @Test
    void readTakesTheByteParserAndTheTextParserOnlyWhenThatFails() throws IOException {
        List<String> parsers = new ArrayList<>();
        byte[] good = "xx{\"a\":\"漢字\"}yy".getBytes(StandardCharsets.UTF_8);
        assertThat(readNoting(parsers, good, 2, good.length - 4)).isEqualTo(Json.MAPPER.readTree("{\"a\":\"漢字\"}"));
        assertThat(parsers).containsExactly("UTF8StreamJsonParser");

        // 0xC3 alone in Latin-1: malformed UTF-8, which text decoding turns into U+FFFD.
        parsers.clear();
        byte[] malformed = "{\"a\":\"\u00c3\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(readNoting(parsers, malformed, 0, malformed.length).path("a").asText()).isEqualTo("\uFFFD");
        assertThat(parsers).containsExactly("UTF8StreamJsonParser", "ReaderBasedJsonParser");

        byte[] bad = "{\"a\":\"cut".getBytes(StandardCharsets.UTF_8);
        JsonParseException e = catchThrowableOfType(JsonParseException.class,
                () -> readNoting(new ArrayList<>(), bad, 0, bad.length));
        assertThat(e.getOriginalMessage()).isEqualTo("Unexpected end-of-input: was expecting closing quote for a string value");
    }
}
