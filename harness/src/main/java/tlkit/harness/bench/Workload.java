package tlkit.harness.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The measured workloads. Each runs in a fresh child process (a JVM for the kit, python3 for the
 * PyTorch reference) so that its peak resident memory is its own.
 */
public enum Workload {
    RESNET20_TRAIN("resnet20-train", 1, "images", true,
            "ResNet-20 CIFAR training step, all layers trainable, batch 128, SGD momentum 0.9"),
    RESNET20_FROZEN("resnet20-frozen", 2, "images", true,
            "ResNet-20 frozen, feature extraction only, batch 128"),
    MINILM_TRAIN("minilm-train", 3, "sentences", true,
            "MiniLM-L6 fine-tuning, all layers trainable, batch 32, 64 tokens, Adam"),
    MINILM_FROZEN("minilm-frozen", 3, "sentences", true,
            "MiniLM-L6 frozen sentence embedding, batch 32, 64 tokens"),
    DSCNN_FROZEN("dscnn-frozen", 4, "clips", false,
            "DS-CNN keyword spotter frozen, MFCC input, batch 64"),
    DSCNN_TRAIN("dscnn-train", 4, "clips", false,
            "DS-CNN all layers trainable, MFCC input, batch 64, SGD momentum 0.9"),
    PIPELINE_CIFAR("pipeline-cifar", 5, "images", false,
            "CIFAR JPEG decode + random crop/flip + batch of 128 (no decode cache)"),
    PIPELINE_HYMENOPTERA("pipeline-hymenoptera", 5, "images", false,
            "hymenoptera JPEG decode + random resized crop 224/flip + batch of 32 (no decode cache)"),
    PIPELINE_WAV_MFCC("pipeline-wav-mfcc", 5, "clips", false,
            "FSDD WAV read + resample 8->16 kHz + 49x10 MFCC"),
    HEAD_RECOMPUTE("head-recompute", 6, "epochs", false,
            "head, 10 epochs, frozen ResNet-20 recomputed every epoch"),
    HEAD_CACHED("head-cached", 6, "epochs", false,
            "head, 10 epochs on cached features (FeatureCache computed once, included)");

    private final String id;
    private final int group;
    private final String unit;
    private final boolean hasTorchReference;
    private final String description;

    Workload(String id, int group, String unit, boolean hasTorchReference, String description) {
        this.id = id;
        this.group = group;
        this.unit = unit;
        this.hasTorchReference = hasTorchReference;
        this.description = description;
    }

    public String id() {
        return id;
    }

    /** The numbered item of the benchmark issue this workload answers (1..6; notebooks are 7). */
    public int group() {
        return group;
    }

    /** What one "item" of the throughput is: images, sentences, clips, epochs. */
    public String unit() {
        return unit;
    }

    public boolean hasTorchReference() {
        return hasTorchReference;
    }

    public String description() {
        return description;
    }

    public static Workload byId(String id) {
        return Arrays.stream(values()).filter(w -> w.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown workload '" + id + "'; known: "
                        + ids()));
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Workload::id).toList();
    }
}
