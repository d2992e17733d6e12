package dev.contextgate.context;

import static dev.contextgate.context.O200kRanks.NONE;

/**
 * Counts the tokens of one pre-split piece by tiktoken's rule: start from single bytes and keep
 * merging the adjacent pair whose concatenation has the lowest rank (the leftmost on a tie) until no
 * adjacent pair is a token. Only the number of parts left is kept, never the tokens themselves.
 *
 * <p>Holds working arrays that grow with the longest piece seen, so one instance serves a whole text
 * without allocating per piece or per merge step. Not thread-safe: each count makes its own.
 */
final class BytePairMerge {

    /**
     * Longer pieces merge through a heap: the in-place merge rescans every pair after each step, which
     * is quadratic, and one piece can be a whole unspaced CJK paragraph or a run of 10,000 letters.
     */
    static final int IN_PLACE_LIMIT = 128;

    private final O200kRanks ranks;
    private final MinHeap heap = new MinHeap();
    /** Indexed by part: where it starts (in place) or where the next one does (heap), its pair's rank. */
    private int[] starts = new int[IN_PLACE_LIMIT + 1];
    private int[] pairRanks = new int[IN_PLACE_LIMIT + 1];
    /** Only for pieces past {@link #IN_PLACE_LIMIT}: where the previous part starts. */
    private int[] previous = new int[0];

    BytePairMerge(O200kRanks ranks) {
        this.ranks = ranks;
    }

    /** Tokens in {@code piece[0..length)}. */
    int count(byte[] piece, int length) {
        if (length <= 1) {
            return length;
        }
        if (ranks.rank(piece, 0, length) != NONE) {
            return 1;
        }
        return length <= IN_PLACE_LIMIT ? mergeInPlace(piece, length) : mergeWithHeap(piece, length);
    }

    /**
     * tiktoken's own loop: {@code starts[i]} is where part i begins, {@code pairRanks[i]} the rank of
     * parts i and i+1 together. Each step finds the lowest and closes the gap it leaves.
     */
    int mergeInPlace(byte[] piece, int length) {
        growTo(length);
        int[] starts = this.starts;
        int[] pairRanks = this.pairRanks;
        for (int i = 0; i <= length; i++) {
            starts[i] = i;
        }
        for (int i = 0; i + 2 <= length; i++) {
            pairRanks[i] = ranks.rank(piece, i, i + 2);
        }
        pairRanks[length - 1] = NONE;
        int parts = length;
        while (true) {
            int lowest = NONE;
            int at = -1;
            for (int i = 0; i < parts - 1; i++) {
                if (pairRanks[i] < lowest) {
                    lowest = pairRanks[i];
                    at = i;
                }
            }
            if (at < 0) {
                return parts;
            }
            System.arraycopy(starts, at + 2, starts, at + 1, parts - at - 1);
            System.arraycopy(pairRanks, at + 2, pairRanks, at + 1, parts - at - 2);
            parts--;
            pairRanks[at] = at + 2 <= parts ? ranks.rank(piece, starts[at], starts[at + 2]) : NONE;
            if (at > 0) {
                pairRanks[at - 1] = ranks.rank(piece, starts[at - 1], starts[at + 1]);
            }
        }
    }

    /**
     * The same merges in the same order in O(n log n): parts are a linked list over their start
     * offsets, pairs wait in a min-heap ordered by (rank, start), which is exactly "lowest rank,
     * leftmost first". Entries are never removed; one whose part has merged away or whose pair has
     * grown no longer matches {@code pairRank} and is skipped when it surfaces.
     */
    int mergeWithHeap(byte[] piece, int length) {
        growTo(length);
        if (previous.length < starts.length) {
            previous = new int[starts.length];
        }
        int[] next = starts;
        int[] prev = previous;
        int[] pairRank = pairRanks;
        // n pairs to begin with, and each merge adds at most two.
        heap.clear(3 * length);
        for (int p = 0; p < length; p++) {
            next[p] = p + 1;
            prev[p] = p - 1;
            pairRank[p] = p + 2 <= length ? ranks.rank(piece, p, p + 2) : NONE;
            heap.pushUnlessNone(pairRank[p], p);
        }
        prev[length] = length - 1;
        pairRank[length] = NONE;
        int parts = length;
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int p = MinHeap.position(top);
            if (pairRank[p] != MinHeap.rank(top)) {
                continue;
            }
            int absorbed = next[p];
            int after = next[absorbed];
            next[p] = after;
            prev[after] = p;
            pairRank[absorbed] = NONE;
            parts--;
            pairRank[p] = after < length ? ranks.rank(piece, p, next[after]) : NONE;
            heap.pushUnlessNone(pairRank[p], p);
            int before = prev[p];
            if (before >= 0) {
                pairRank[before] = ranks.rank(piece, before, after);
                heap.pushUnlessNone(pairRank[before], before);
            }
        }
        return parts;
    }

    private void growTo(int length) {
        if (starts.length <= length) {
            int size = Math.max(length + 1, 2 * starts.length);
            starts = new int[size];
            pairRanks = new int[size];
        }
    }

    /** A binary min-heap of {@code rank << 32 | position} in one long array: no boxing, no nodes. */
    private static final class MinHeap {
        private long[] keys = new long[0];
        private int size;

        /** Empties the heap and makes room for {@code capacity} pushes. */
        void clear(int capacity) {
            if (keys.length < capacity) {
                keys = new long[capacity];
            }
            size = 0;
        }

        static int rank(long key) {
            return (int) (key >>> 32);
        }

        static int position(long key) {
            return (int) key;
        }

        boolean isEmpty() {
            return size == 0;
        }

        void pushUnlessNone(int rank, int position) {
            if (rank == NONE) {
                return;
            }
            long key = (long) rank << 32 | position;
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (keys[parent] <= key) {
                    break;
                }
                keys[i] = keys[parent];
                i = parent;
            }
            keys[i] = key;
        }

        long pop() {
            long top = keys[0];
            long last = keys[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && keys[child + 1] < keys[child]) {
                    child++;
                }
                if (last <= keys[child]) {
                    break;
                }
                keys[i] = keys[child];
                i = child;
            }
            keys[i] = last;
            return top;
        }
    }
}
