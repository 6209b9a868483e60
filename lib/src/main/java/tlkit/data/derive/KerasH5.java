package tlkit.data.derive;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the weights of a Keras HDF5 weights file ({@code model.save_weights} / Keras Applications
 * {@code *_no_top.h5}) with jHDF: the root attribute {@code layer_names} gives the layer order, each
 * layer group's {@code weight_names} the order and names of its weights ({@code conv1/kernel:0}), stored
 * as datasets {@code /<layer>/<weight name>}. Tensors keep the Keras names and layouts.
 */
public final class KerasH5 {

    private KerasH5() {
    }

    public static List<Tensor> read(Path file) throws IOException {
        List<Tensor> out = new ArrayList<>();
        // from bytes: several times faster than jHDF's file channel for the ~100 small datasets, and no temp file
        try (HdfFile h5 = HdfFile.fromBytes(Files.readAllBytes(file))) {
            for (String layer : strings(h5, "layer_names", file)) {
                Node group = h5.getChild(layer);
                if (!(group instanceof Group g)) {
                    throw new IOException(file + ": layer '" + layer + "' listed in layer_names is not a group");
                }
                for (String weight : strings(g, "weight_names", file)) {
                    Node node = g.getByPath(weight);
                    if (!(node instanceof Dataset d)) {
                        throw new IOException(file + ": weight '" + weight + "' of layer '" + layer + "' is not a dataset");
                    }
                    out.add(tensor(weight, d, file));
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a readable Keras HDF5 weights file: " + e.getMessage(), e);
        }
        return out;
    }

    private static List<String> strings(Node node, String attribute, Path file) throws IOException {
        Attribute a = node.getAttribute(attribute);
        if (a == null) {
            throw new IOException(file + ": '" + node.getPath() + "' has no attribute '" + attribute + "' (not a Keras weights file?)");
        }
        Object data = a.isEmpty() ? new String[0] : a.getData();
        List<String> out = new ArrayList<>();
        if (data instanceof String[] names) {
            out.addAll(List.of(names));
        } else if (data instanceof String s) {
            out.add(s);
        } else {
            throw new IOException(file + ": attribute '" + attribute + "' of '" + node.getPath() + "' holds "
                    + (data == null ? "nothing" : data.getClass().getSimpleName()) + ", not strings");
        }
        return out;
    }

    private static Tensor tensor(String name, Dataset d, Path file) throws IOException {
        if (d.getJavaType() != float.class) {
            throw new IOException(file + ": weight '" + name + "' is " + d.getJavaType() + ", only float32 is supported");
        }
        float[] values = (float[]) d.getDataFlat();
        ByteBuffer buf = ByteBuffer.allocate(values.length * Tensor.F32).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buf.putInt(Float.floatToRawIntBits(v));
        }
        return new Tensor(name, d.getDimensionsAsLong(), buf.array());
    }
}
