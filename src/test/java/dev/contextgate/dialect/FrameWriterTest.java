package dev.contextgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameWriterTest {

    private static final byte[] HEAD = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void framesInARowAreSeparateDocumentsWithNothingBetweenThem() {
        try (FrameWriter frames = new FrameWriter()) {
            byte[] first = frames.frame(HEAD, g -> {
                g.writeStartObject();
                g.writeStringField("text", "café \"q\"");
                g.writeEndObject();
            }, TAIL);
            byte[] second = frames.frame(HEAD, g -> {
                g.writeStartObject();
                g.writeNumberField("n", 2);
                g.writeEndObject();
            }, TAIL);

            assertThat(text(first)).isEqualTo("data: {\"text\":\"café \\\"q\\\"\"}\n\n");
            assertThat(text(second)).isEqualTo("data: {\"n\":2}\n\n");
        }
    }

    @Test
    void aFrameLargerThanTheFirstBufferIsWhole() {
        String big = "x".repeat(20_000);
        try (FrameWriter frames = new FrameWriter()) {
            byte[] frame = frames.frame(HEAD, g -> g.writeString(big), TAIL);

            assertThat(text(frame)).isEqualTo("data: \"" + big + "\"\n\n");
            assertThat(text(frames.frame(HEAD, g -> g.writeNumber(1), TAIL))).isEqualTo("data: 1\n\n");
        }
    }

    @Test
    void aFrameThatFailsHalfWayLeavesNothingBehindForTheNext() {
        try (FrameWriter frames = new FrameWriter()) {
            assertThatThrownBy(() -> frames.frame(HEAD, g -> {
                g.writeStartObject();
                g.writeStringField("half", "way");
                throw new IllegalStateException("the event was wrong");
            }, TAIL)).isInstanceOf(IllegalStateException.class).hasMessage("the event was wrong");

            byte[] next = frames.frame(HEAD, g -> {
                g.writeStartObject();
                g.writeBooleanField("ok", true);
                g.writeEndObject();
            }, TAIL);

            assertThat(text(next)).isEqualTo("data: {\"ok\":true}\n\n");
        }
    }

    @Test
    void aWriterIsUsableAgainAfterClose() {
        FrameWriter frames = new FrameWriter();
        frames.frame(HEAD, g -> g.writeString("a"), TAIL);
        frames.close();
        frames.close();

        assertThat(text(frames.frame(HEAD, g -> g.writeString("b"), TAIL))).isEqualTo("data: \"b\"\n\n");
        frames.close();
    }

    @Test
    void aFrameMayHoldATreeAsFramesOfTheSharedFactoryCan() throws Exception {
        com.fasterxml.jackson.databind.JsonNode tree = Json.MAPPER.readTree("{\"a\":[1,2.5,\"x\"]}");
        try (FrameWriter frames = new FrameWriter()) {
            assertThat(text(frames.frame(HEAD, g -> g.writeTree(tree), TAIL)))
                    .isEqualTo("data: {\"a\":[1,2.5,\"x\"]}\n\n");
        }
    }
}
