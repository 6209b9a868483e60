package tlkit.text;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a Hugging Face {@code tokenizer.json} for a BERT word-piece tokenizer from a plain
 * {@code vocab.txt} (one piece per line, line number = id), for model repositories that ship only the
 * vocabulary (several biomedical BERTs). The result is the standard BERT pipeline: BertNormalizer
 * (clean text, CJK spacing, optional lower-casing/accent stripping), BertPreTokenizer, WordPiece
 * with {@code ##} continuations, and {@code [CLS] A [SEP]} / {@code [CLS] A [SEP] B [SEP]} templates.
 */
public final class WordPieceVocab {

    private static final List<String> SPECIAL = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private WordPieceVocab() {
    }

    /**
     * @param lowercase the model's {@code do_lower_case} (true for "uncased" models)
     */
    public static byte[] tokenizerJson(Path vocabTxt, boolean lowercase) throws IOException {
        List<String> lines = Files.readAllLines(vocabTxt, StandardCharsets.UTF_8);
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            vocab.putIfAbsent(lines.get(i), i);
        }
        for (String s : List.of("[UNK]", "[CLS]", "[SEP]")) {
            if (!vocab.containsKey(s)) {
                throw new IOException(vocabTxt + " has no " + s + " entry; it is not a BERT word-piece vocabulary");
            }
        }
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);
        root.add("padding", JsonNull.INSTANCE);
        JsonArray added = new JsonArray();
        for (String s : SPECIAL) {
            if (vocab.containsKey(s)) {
                JsonObject t = new JsonObject();
                t.addProperty("id", vocab.get(s));
                t.addProperty("content", s);
                t.addProperty("single_word", false);
                t.addProperty("lstrip", false);
                t.addProperty("rstrip", false);
                t.addProperty("normalized", false);
                t.addProperty("special", true);
                added.add(t);
            }
        }
        root.add("added_tokens", added);
        JsonObject normalizer = new JsonObject();
        normalizer.addProperty("type", "BertNormalizer");
        normalizer.addProperty("clean_text", true);
        normalizer.addProperty("handle_chinese_chars", true);
        normalizer.add("strip_accents", JsonNull.INSTANCE); // null = follow lowercase, as in BERT
        normalizer.addProperty("lowercase", lowercase);
        root.add("normalizer", normalizer);
        JsonObject pre = new JsonObject();
        pre.addProperty("type", "BertPreTokenizer");
        root.add("pre_tokenizer", pre);
        JsonObject post = new JsonObject();
        post.addProperty("type", "TemplateProcessing");
        post.add("single", template(false));
        post.add("pair", template(true));
        JsonObject specials = new JsonObject();
        for (String s : List.of("[CLS]", "[SEP]")) {
            JsonObject e = new JsonObject();
            e.addProperty("id", s);
            JsonArray ids = new JsonArray();
            ids.add(vocab.get(s));
            e.add("ids", ids);
            JsonArray tokens = new JsonArray();
            tokens.add(s);
            e.add("tokens", tokens);
            specials.add(s, e);
        }
        post.add("special_tokens", specials);
        root.add("post_processor", post);
        JsonObject decoder = new JsonObject();
        decoder.addProperty("type", "WordPiece");
        decoder.addProperty("prefix", "##");
        decoder.addProperty("cleanup", true);
        root.add("decoder", decoder);
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordPiece");
        model.addProperty("unk_token", "[UNK]");
        model.addProperty("continuing_subword_prefix", "##");
        model.addProperty("max_input_chars_per_word", 100);
        JsonObject v = new JsonObject();
        vocab.forEach(v::addProperty);
        model.add("vocab", v);
        root.add("model", model);
        return new GsonBuilder().disableHtmlEscaping().create().toJson(root).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonArray template(boolean pair) {
        JsonArray a = new JsonArray();
        a.add(special("[CLS]", 0));
        a.add(sequence("A", 0));
        a.add(special("[SEP]", 0));
        if (pair) {
            a.add(sequence("B", 1));
            a.add(special("[SEP]", 1));
        }
        return a;
    }

    private static JsonObject special(String id, int typeId) {
        JsonObject inner = new JsonObject();
        inner.addProperty("id", id);
        inner.addProperty("type_id", typeId);
        JsonObject o = new JsonObject();
        o.add("SpecialToken", inner);
        return o;
    }

    private static JsonObject sequence(String id, int typeId) {
        JsonObject inner = new JsonObject();
        inner.addProperty("id", id);
        inner.addProperty("type_id", typeId);
        JsonObject o = new JsonObject();
        o.add("Sequence", inner);
        return o;
    }
}
