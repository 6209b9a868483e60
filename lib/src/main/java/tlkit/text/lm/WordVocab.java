package tlkit.text.lm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A word-level vocabulary: the most frequent lower-cased, whitespace-separated words of a corpus, plus
 * three special tokens. Any other word maps to {@code <unk>}. SST-2 is already tokenized (punctuation and
 * clitics such as {@code 's} stand apart), so splitting on whitespace is enough for it.
 */
public final class WordVocab {

    public static final int PAD = 0;
    public static final int UNK = 1;
    /** Ends every sentence; also the context a prompt starts from. */
    public static final int EOS = 2;
    private static final List<String> SPECIALS = List.of("<pad>", "<unk>", "<eos>");

    private final List<String> words;
    private final Map<String, Integer> ids = new HashMap<>();

    private WordVocab(List<String> words) {
        this.words = List.copyOf(words);
        for (int i = 0; i < words.size(); i++) {
            ids.put(words.get(i), i);
        }
    }

    /** The {@code maxSize - 3} most frequent words of {@code texts} (ties by alphabet), after the specials. */
    public static WordVocab build(List<String> texts, int maxSize) {
        if (maxSize <= SPECIALS.size()) {
            throw new IllegalArgumentException("maxSize must be > " + SPECIALS.size() + " (the special tokens), got " + maxSize);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String text : texts) {
            for (String w : words(text)) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(counts.entrySet());
        byCount.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> vocab = new ArrayList<>(SPECIALS);
        for (int i = 0; i < byCount.size() && vocab.size() < maxSize; i++) {
            vocab.add(byCount.get(i).getKey());
        }
        return new WordVocab(vocab);
    }

    /** Lower-cased, whitespace-separated words. */
    public static List<String> words(String text) {
        String t = text.toLowerCase(Locale.ROOT).strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    /** Word ids of {@code text}, without {@code <eos>}. */
    public int[] encode(String text) {
        return words(text).stream().mapToInt(this::id).toArray();
    }

    public int id(String word) {
        return ids.getOrDefault(word.toLowerCase(Locale.ROOT), UNK);
    }

    public String word(int id) {
        return words.get(id);
    }

    public int size() {
        return words.size();
    }

    /** Share of the words of {@code texts} that are in the vocabulary (not {@code <unk>}). */
    public double coverage(List<String> texts) {
        long known = 0;
        long total = 0;
        for (String text : texts) {
            for (int id : encode(text)) {
                total++;
                if (id != UNK) {
                    known++;
                }
            }
        }
        return total == 0 ? Double.NaN : known / (double) total;
    }

    /** The words in id order (specials first). */
    public List<String> words() {
        return Collections.unmodifiableList(words);
    }

    @Override
    public String toString() {
        return "WordVocab(" + size() + " entries: " + words.subList(0, Math.min(12, words.size())) + " ...)";
    }
}
