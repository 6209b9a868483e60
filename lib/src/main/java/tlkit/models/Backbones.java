package tlkit.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Pretrained backbones of every modality by id, one entry point:
 * <pre>
 * Backbone net = Backbones.load("mobilenet-v1-025-imagenet");       // images, 224 px
 * Backbone fast = Backbones.load("mobilenet-v1-025-imagenet", 128); // smaller input, faster
 * CifarResNet r20 = Backbones.load("resnet20-cifar10");              // the declared type picks the class
 * TextEncoder minilm = Backbones.load("minilm-l6-v2");              // text
 * Backbone kws = Backbones.load("kws-dscnn");                        // audio (MFCC input)
 * TextEncoder bert = Backbones.load("models/pubmedbert");            // a Hugging Face BERT folder
 * </pre>
 * The declared type of the variable chooses the subclass; a wrong one fails with a
 * {@link ClassCastException} at the call.
 */
public final class Backbones {

    /**
     * One loadable backbone: {@code catalogId} is the catalog item holding its weights (empty when they ship
     * in a jar); {@code defaultInputSize} is the side of square image inputs, 0 when the input size is fixed;
     * the loader gets the requested size.
     */
    public record Entry(String id, String catalogId, int defaultInputSize, IntFunction<Backbone> loader) {}

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();
    private static final List<BackboneFamily> FAMILIES;

    static {
        // the loader of this class sees the kit jar also under JShell/IJava, where the context loader may not
        FAMILIES = ServiceLoader.load(BackboneFamily.class, BackboneFamily.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
        FAMILIES.forEach(f -> f.backbones().forEach(e -> REGISTRY.put(e.id(), e)));
    }

    private Backbones() {}

    /** Ids that {@link #load(String)} accepts. */
    public static Set<String> ids() {
        return REGISTRY.keySet();
    }

    /** Loads a backbone with its pretrained weights at its default input size, by id or from a model folder. */
    public static <B extends Backbone> B load(String idOrFolder) {
        Entry e = REGISTRY.get(idOrFolder);
        if (e == null) {
            return fromFolder(idOrFolder);
        }
        return load(idOrFolder, e.defaultInputSize());
    }

    /** Loads an image backbone with its pretrained weights for square inputs of side {@code imageSize}. */
    @SuppressWarnings("unchecked")
    public static <B extends Backbone> B load(String id, int imageSize) {
        Entry e = entry(id);
        if (e.defaultInputSize() == 0 && imageSize != 0) {
            throw new IllegalArgumentException("Backbone '" + id + "' has a fixed input; load it with"
                    + " Backbones.load(\"" + id + "\") and no size");
        }
        return (B) e.loader().apply(imageSize);
    }

    /** The catalog item that holds the weights of backbone {@code id} (empty when they ship in a jar). */
    public static String catalogId(String id) {
        return entry(id).catalogId();
    }

    @SuppressWarnings("unchecked")
    private static <B extends Backbone> B fromFolder(String idOrFolder) {
        Path folder = Path.of(idOrFolder);
        if (Files.isDirectory(folder)) {
            for (BackboneFamily family : FAMILIES) {
                Backbone b = family.loadFolder(folder);
                if (b != null) {
                    return (B) b;
                }
            }
            throw new IllegalArgumentException("No backbone family recognises the folder " + folder.toAbsolutePath()
                    + "; a text encoder needs config.json, model.safetensors and tokenizer.json");
        }
        throw unknown(idOrFolder);
    }

    private static Entry entry(String id) {
        Entry e = REGISTRY.get(id);
        if (e == null) {
            throw unknown(id);
        }
        return e;
    }

    private static IllegalArgumentException unknown(String id) {
        return new IllegalArgumentException("Unknown backbone '" + id + "'; known: " + REGISTRY.keySet()
                + ", or a model folder");
    }
}
