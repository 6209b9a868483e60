package tlkit.data.derive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The conversions {@code ./kit pull} knows, by the name the catalog's {@code derived[].by} uses. */
public enum Derivation {

    /** Keras HDF5 weights file: every weight, Keras names ({@code conv1/kernel:0}) and layouts, file order. */
    KERAS_H5("keras-h5") {
        @Override
        List<Tensor> tensors(List<Path> from) throws IOException {
            return KerasH5.read(from.get(0));
        }
    },
    /** Legacy torch pickle: its state_dict in saved order, {@code module.} (DataParallel) prefix stripped. */
    TORCH_LEGACY_STATE_DICT("torch-legacy-state-dict") {
        @Override
        List<Tensor> tensors(List<Path> from) throws IOException {
            return TorchLegacyCheckpoint.read(from.get(0)).stateDict("module.");
        }
    },
    /** TF2 Keras checkpoint (TensorBundle .index + .data): the layers' weights, Keras default names, as stored. */
    TF_BUNDLE_KERAS("tf-bundle-keras") {
        @Override
        List<Tensor> tensors(List<Path> from) throws IOException {
            return KwsDsCnnLayouts.keras(KerasCheckpointLayers.layers(TensorBundle.read(from.get(0))));
        }
    },
    /** The same checkpoint as a DS-CNN in PyTorch names and layouts. */
    TF_BUNDLE_DSCNN_TORCH("tf-bundle-dscnn-torch") {
        @Override
        List<Tensor> tensors(List<Path> from) throws IOException {
            return KwsDsCnnLayouts.torch(KerasCheckpointLayers.layers(TensorBundle.read(from.get(0))));
        }
    };

    private final String id;

    Derivation(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The tensors to write, in file order, read from the item's original files {@code from} (first = the main one). */
    abstract List<Tensor> tensors(List<Path> from) throws IOException;

    public List<Tensor> apply(List<Path> from) throws IOException {
        if (from.isEmpty()) {
            throw new IOException(id + " needs at least one original file");
        }
        return tensors(from);
    }

    public static Derivation byId(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown derivation '" + id + "'; known: "
                        + Arrays.stream(values()).map(Derivation::id).collect(Collectors.joining(", "))));
    }
}
