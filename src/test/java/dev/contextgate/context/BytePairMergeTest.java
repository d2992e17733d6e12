package dev.contextgate.context;

import static dev.contextgate.context.TiktokenFiles.ascii;
import static dev.contextgate.context.TiktokenFiles.vocabulary;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BytePairMergeTest {

    /** Ranks chosen so that merging in the wrong order leaves a different number of parts. */
    private static final BytePairMerge TINY =
            new BytePairMerge(O200kRanks.parse(vocabulary(256, "bc", "aa", "ab", "bcd")));

    @Test
    void mergesTheLowestRankedPairFirst() {
        // bc before ab: a|bc|d, then a|bcd. Taking ab first would leave ab|c|d.
        assertBothMergesCount("abcd", 2);
    }

    @Test
    void breaksTiesToTheLeft() {
        // aa at 0 and at 1 tie: aa|a|b, then aa|ab. The right one first would leave a|aa|b.
        assertBothMergesCount("aaab", 2);
    }

    @Test
    void stopsWhenNoAdjacentPairIsAToken() {
        assertBothMergesCount("xyz", 3);
        assertBothMergesCount("zz", 2);
    }

    @Test
    void bothMergesAgreeOnO200kPieces() {
        BytePairMerge merge = new BytePairMerge(O200kRanks.load());
        RandomText text = new RandomText(new Random(3));
        Random random = new Random(5);
        for (int i = 0; i < 3_000; i++) {
            byte[] piece = text.next(2 + random.nextInt(60)).getBytes(StandardCharsets.UTF_8);
            assertThat(merge.mergeWithHeap(piece, piece.length))
                    .as("piece %d", i)
                    .isEqualTo(merge.mergeInPlace(piece, piece.length));
        }
    }

    private static void assertBothMergesCount(String piece, int parts) {
        byte[] bytes = ascii(piece);
        assertThat(TINY.mergeInPlace(bytes, bytes.length)).as("in place: %s", piece).isEqualTo(parts);
        assertThat(TINY.mergeWithHeap(bytes, bytes.length)).as("heap: %s", piece).isEqualTo(parts);
    }
}
