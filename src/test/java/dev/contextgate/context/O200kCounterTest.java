package dev.contextgate.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our counter against jtokkit's, the implementation it replaces: every count must be the same. */
class O200kCounterTest {

    private static final Encoding JTOKKIT = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final O200kRanks RANKS = O200kRanks.load();
    private static final O200kCounter COUNTER = new O200kCounter(RANKS);

    @Test
    void countsTheHandWrittenCorpusLikeJtokkit() {
        for (String text : HandWrittenCorpus.TEXTS) {
            assertSameCount(text);
        }
    }

    @Test
    void countsSeededRandomTextLikeJtokkit() {
        Random random = new Random(20_240_719);
        RandomText generator = new RandomText(random);
        for (int i = 0; i < 6_000; i++) {
            assertSameCount(generator.next(1 + random.nextInt(80)));
        }
    }

    @Test
    void countsLongSinglePiecesLikeJtokkit() {
        Random random = new Random(7);
        List<String> texts = new ArrayList<>();
        texts.add("a".repeat(5_000));
        texts.add(letters(random, "abcdefghijklmnopqrstuvwxyz", 5_000));
        texts.add(letters(random, "etaoinshrdlu", 3_000));
        texts.add("Ab".repeat(2_000));
        texts.add(" " + letters(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4_000));
        texts.add(letters(random, "的一是不了人我在有他这中大来上们到说国和地也子时道出而要于就下得可你年生", 2_000));
        texts.add(letters(random, "あいうえおかきくけこさしすせそたちつてとなにぬねの", 1_500));
        texts.add(letters(random, "абвгдежзийклмнопрстуфхцчшщыэюя", 3_000));
        texts.add(letters(random, "!@#$%^&*()_-+=[]{};:,.<>?~`|\\", 2_000));
        texts.add("😀👍🏽👨‍👩‍👧‍👦❤️🙂".repeat(200));
        texts.add(" ".repeat(3_000) + "x");
        texts.add("\t \n".repeat(1_000));
        texts.add("=".repeat(1_000));
        byte[] blob = new byte[7_500];
        random.nextBytes(blob);
        texts.add(Base64.getEncoder().encodeToString(blob));
        texts.add(Base64.getUrlEncoder().withoutPadding().encodeToString(blob));
        texts.add(letters(random, "0123456789", 10_000));
        for (String text : texts) {
            assertSameCount(text);
        }
    }

    /** Past the window, a piece is counted in windows: near jtokkit's count, never a surrogate cut in two. */
    @Test
    void countsAPieceLongerThanTheWindowInWindows() {
        Random random = new Random(11);
        byte[] blob = new byte[90_000];
        random.nextBytes(blob);
        String base64 = Base64.getEncoder().encodeToString(blob);
        int windows = (base64.length() + O200kCounter.WINDOW_CHARS - 1) / O200kCounter.WINDOW_CHARS;
        assertThat(windows).isGreaterThan(5);
        int exact = JTOKKIT.countTokensOrdinary(base64);
        assertThat(COUNTER.count(base64)).isBetween(exact - 2 * windows, exact + 2 * windows);

        // A cut would fall between the two halves of an emoji: the window takes the whole pair instead.
        String symbols = "!" + "🙂".repeat(O200kCounter.WINDOW_CHARS);
        assertThat(Character.isHighSurrogate(symbols.charAt(O200kCounter.WINDOW_CHARS - 1))).isTrue();
        assertThat(O200kCounter.windowEnd(symbols, 0, symbols.length())).isEqualTo(O200kCounter.WINDOW_CHARS + 1);
        assertThat(O200kCounter.windowEnd(symbols, 1, symbols.length())).isEqualTo(O200kCounter.WINDOW_CHARS + 1);
        assertThat(O200kCounter.windowEnd(symbols, 0, 10)).isEqualTo(10);
        int exactSymbols = JTOKKIT.countTokensOrdinary(symbols);
        assertThat(COUNTER.count(symbols)).isBetween(exactSymbols - 4, exactSymbols + 4);
    }

    /** A wrong offset or a lost hash entry would make some token count as two or more. */
    @Test
    void everyTokenAloneIsOneToken() {
        for (int rank = 0; rank < RANKS.size(); rank++) {
            assertThat(COUNTER.countPiece(RANKS.token(rank))).as("tokens in token %d", rank).isEqualTo(1);
        }
    }

    @Test
    void emptyTextIsNoTokens() {
        assertThat(COUNTER.count("")).isZero();
        assertSameCount("");
    }

    @Test
    void encodesUtf8AsStringGetBytesDoes() {
        Random random = new Random(11);
        RandomText generator = new RandomText(random);
        for (int i = 0; i < 2_000; i++) {
            String text = generator.next(1 + random.nextInt(40));
            byte[] out = new byte[3 * text.length()];
            int length = O200kCounter.encodeUtf8(text, 0, text.length(), out);
            assertThat(Arrays.copyOf(out, length))
                    .as("UTF-8 of %s", text.codePoints().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void assertSameCount(String text) {
        assertThat(COUNTER.count(text))
                .as("tokens of %s", abbreviate(text))
                .isEqualTo(JTOKKIT.countTokensOrdinary(text));
    }

    private static String letters(Random random, String alphabet, int length) {
        int[] codePoints = alphabet.codePoints().toArray();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return sb.toString();
    }

    private static String abbreviate(String text) {
        String escaped = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        return escaped.length() <= 200 ? "'" + escaped + "'" : "'" + escaped.substring(0, 200) + "…' (" + text.length() + " chars)";
    }
}
