package tlkit.models;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import tlkit.data.Catalog;
import tlkit.models.image.CifarResNet;
import tlkit.models.image.MobileNetV1;

/**
 * Pretrained backbones by id, loaded from the course {@link Catalog}:
 * <pre>
 * Backbone net = Backbones.load("mobilenet-v1-025-imagenet");       // 224 px
 * Backbone fast = Backbones.load("mobilenet-v1-025-imagenet", 128); // smaller input, faster
 * CifarResNet r20 = (CifarResNet) Backbones.load("resnet20-cifar10");
 * </pre>
 */
public final class Backbones {

    /** A loader gets the requested image size (or its default when the caller gave none, i.e. 0). */
    private record Entry(String catalogId, int defaultImageSize, IntFunction<Backbone> loader) {}

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

    static {
        register("mobilenet-v1-025-imagenet", "mobilenet-v1-025-imagenet", 224,
                size -> MobileNetV1.load(Catalog.get().path("mobilenet-v1-025-imagenet"), size));
        for (int depth : new int[] {20, 32, 44, 56}) {
            register("resnet" + depth + "-cifar10", "resnet-cifar10", 32, size -> {
                if (size != 32) {
                    throw new IllegalArgumentException("resnet" + depth + "-cifar10 takes 32x32 images only, got "
                            + size);
                }
                return CifarResNet.load(Catalog.get().path("resnet-cifar10"), depth);
            });
        }
    }

    private Backbones() {}

    private static void register(String id, String catalogId, int defaultSize, IntFunction<Backbone> loader) {
        REGISTRY.put(id, new Entry(catalogId, defaultSize, loader));
    }

    /** Ids that {@link #load(String)} accepts. */
    public static Set<String> ids() {
        return REGISTRY.keySet();
    }

    /** Loads a backbone with its pretrained weights at its default input size. */
    public static Backbone load(String id) {
        return load(id, entry(id).defaultImageSize());
    }

    /** Loads a backbone with its pretrained weights for square inputs of side {@code imageSize}. */
    public static Backbone load(String id, int imageSize) {
        return entry(id).loader().apply(imageSize);
    }

    /** The catalog item that holds the weights of backbone {@code id}. */
    public static String catalogId(String id) {
        return entry(id).catalogId();
    }

    private static Entry entry(String id) {
        Entry e = REGISTRY.get(id);
        if (e == null) {
            throw new IllegalArgumentException("Unknown backbone '" + id + "'; known: " + REGISTRY.keySet());
        }
        return e;
    }
}
