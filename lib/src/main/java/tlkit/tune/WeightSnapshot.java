package tlkit.tune;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import tlkit.models.WeightGeneration;

/** Copies of parameter values on the Java heap, to put back later (best epoch, sweep trials). */
final class WeightSnapshot {

    private final Map<Parameter, ByteBuffer> saved = new IdentityHashMap<>();

    static WeightSnapshot of(Collection<Parameter> parameters) {
        WeightSnapshot s = new WeightSnapshot();
        s.save(parameters);
        return s;
    }

    void save(Collection<Parameter> parameters) {
        for (Parameter p : parameters) {
            saved.put(p, copy(p.getArray()));
        }
    }

    /** Saves the parameters not saved yet (they have not changed since the last {@link #save}). */
    void saveMissing(Collection<Parameter> parameters) {
        for (Parameter p : parameters) {
            saved.computeIfAbsent(p, q -> copy(q.getArray()));
        }
    }

    void clear() {
        saved.clear();
    }

    void restore() {
        saved.forEach((p, bytes) -> p.getArray().set(bytes.duplicate()));
        WeightGeneration.advance();
    }

    private static ByteBuffer copy(NDArray array) {
        ByteBuffer src = array.toByteBuffer();
        ByteBuffer dst = ByteBuffer.allocate(src.remaining()).order(src.order());
        dst.put(src.duplicate());
        dst.flip();
        return dst;
    }
}
