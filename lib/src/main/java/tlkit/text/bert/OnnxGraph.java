package tlkit.text.bert;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model a weight importer needs: float initializers (name, shape, values) and
 * the graph's nodes (op type, input and output names). Read with protobuf's {@link CodedInputStream}
 * using the field numbers of {@code onnx.proto} (ModelProto.graph = 7; GraphProto.node = 1,
 * initializer = 5; NodeProto input = 1, output = 2, name = 3, op_type = 4; TensorProto dims = 1,
 * data_type = 2, float_data = 4, name = 8, raw_data = 9, data_location = 14).
 */
public final class OnnxGraph {

    /** A graph node: what it computes and which named values it reads and writes. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {
    }

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int FLOAT = 1;

    private final Map<String, Tensor> floatInitializers = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();

    private OnnxGraph() {
    }

    public static OnnxGraph read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a serialized ModelProto; {@code source} names the stream in error messages. */
    public static OnnxGraph read(InputStream in, String source) throws IOException {
        OnnxGraph g = new OnnxGraph();
        CodedInputStream model = CodedInputStream.newInstance(in);
        model.setSizeLimit(Integer.MAX_VALUE);
        boolean sawGraph = false;
        while (true) {
            int tag = model.readTag();
            if (tag == 0) {
                break;
            }
            if (fieldOf(tag) == MODEL_GRAPH) {
                int limit = model.pushLimit(model.readRawVarint32());
                g.readGraph(model, source);
                model.popLimit(limit);
                sawGraph = true;
            } else {
                model.skipField(tag);
            }
        }
        if (!sawGraph) {
            throw new IOException(source + " holds no ONNX graph (ModelProto field 7 missing); is it an .onnx model file?");
        }
        return g;
    }

    public Map<String, Tensor> floatInitializers() {
        return floatInitializers;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /**
     * Reads the GraphProto the stream is positioned in (up to its pushed limit). Nested messages are
     * read through limits on the same stream rather than copied out: the weights are ~90 MB, and
     * every copy would be another 90 MB of heap at load time.
     */
    private void readGraph(CodedInputStream graph, String source) throws IOException {
        while (true) {
            int tag = graph.readTag();
            if (tag == 0) {
                return;
            }
            int field = fieldOf(tag);
            if (field == GRAPH_NODE || field == GRAPH_INITIALIZER) {
                int limit = graph.pushLimit(graph.readRawVarint32());
                if (field == GRAPH_NODE) {
                    nodes.add(readNode(graph));
                } else {
                    readTensor(graph, source);
                }
                graph.popLimit(limit);
            } else {
                graph.skipField(tag);
            }
        }
    }

    private static Node readNode(CodedInputStream node) throws IOException {
        String name = "";
        String op = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        while (true) {
            int tag = node.readTag();
            if (tag == 0) {
                return new Node(name, op, List.copyOf(inputs), List.copyOf(outputs));
            }
            switch (fieldOf(tag)) {
                case NODE_INPUT -> inputs.add(node.readString());
                case NODE_OUTPUT -> outputs.add(node.readString());
                case NODE_NAME -> name = node.readString();
                case NODE_OP_TYPE -> op = node.readString();
                default -> node.skipField(tag);
            }
        }
    }

    private void readTensor(CodedInputStream t, String source) throws IOException {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        float[] raw = null;
        List<Float> floatData = new ArrayList<>();
        boolean external = false;
        while (true) {
            int tag = t.readTag();
            if (tag == 0) {
                break;
            }
            int wire = tag & 7;
            switch (fieldOf(tag)) {
                case TENSOR_DIMS -> {
                    if (wire == 2) { // packed
                        int limit = t.pushLimit(t.readRawVarint32());
                        while (t.getBytesUntilLimit() > 0) {
                            dims.add(t.readInt64());
                        }
                        t.popLimit(limit);
                    } else {
                        dims.add(t.readInt64());
                    }
                }
                case TENSOR_DATA_TYPE -> dataType = t.readInt32();
                case TENSOR_NAME -> name = t.readString();
                case TENSOR_RAW_DATA -> raw = readRawFloats(t);
                case TENSOR_FLOAT_DATA -> {
                    if (wire == 2) {
                        int limit = t.pushLimit(t.readRawVarint32());
                        while (t.getBytesUntilLimit() > 0) {
                            floatData.add(t.readFloat());
                        }
                        t.popLimit(limit);
                    } else {
                        floatData.add(t.readFloat());
                    }
                }
                case TENSOR_DATA_LOCATION -> external = t.readEnum() == 1;
                default -> t.skipField(tag);
            }
        }
        if (dataType != FLOAT) {
            return; // int64 shape constants and the like: not weights
        }
        if (external) {
            throw new IOException("Initializer '" + name + "' of " + source + " stores its data in an external file;"
                    + " re-export the model with the weights inside the .onnx file");
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        float[] values;
        if (raw != null) {
            values = raw;
        } else {
            values = new float[floatData.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = floatData.get(i);
            }
        }
        Tensor tensor = new Tensor(name, shape, values);
        if (tensor.size() != values.length) {
            throw new IOException("Initializer '" + name + "' of " + source + " has shape "
                    + java.util.Arrays.toString(shape) + " but " + values.length + " values; the file is damaged");
        }
        floatInitializers.put(name, tensor);
    }

    /** raw_data read straight into floats (little-endian, as ONNX stores it); null if not 4-byte items. */
    private static float[] readRawFloats(CodedInputStream t) throws IOException {
        int length = t.readRawVarint32();
        if (length % 4 != 0) {
            t.skipRawBytes(length);
            return null;
        }
        float[] values = new float[length / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(t.readRawLittleEndian32());
        }
        return values;
    }

    private static int fieldOf(int tag) {
        return tag >>> 3;
    }
}
