package tlkit.data.derive;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a PyTorch checkpoint in the legacy serialization of torch ≤ 1.5 ({@code torch.save(...,
 * _use_new_zipfile_serialization=False)}): five consecutive pickles — the magic number, the protocol
 * version 1001, a sys-info dict, the object itself (tensors as {@code _rebuild_tensor(storage, offset,
 * size, stride)} with storages as persistent ids {@code ('storage', type, key, location, size, view)}),
 * the list of storage keys — followed by the raw storages in that order, each an 8-byte little-endian
 * element count and the elements. Pyrolite unpickles; only float32 storages are supported.
 */
public final class TorchLegacyCheckpoint {

    static final BigInteger MAGIC = new BigInteger("119547037146038801333356");
    private static final long PROTOCOL = 1001;

    private record Storage(String key, long size) {
    }

    private record TensorRef(Storage storage, long offset, long[] size, long[] stride) {
    }

    private static final class FloatStorageType implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("a storage type is never called");
        }
    }

    static {
        IObjectConstructor rebuild = args -> new TensorRef((Storage) args[0], ((Number) args[1]).longValue(),
                longs(args[2]), longs(args[3]));
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", rebuild);
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", rebuild);
        Unpickler.registerConstructor("torch", "FloatStorage", new FloatStorageType());
        Unpickler.registerConstructor("torch.cuda", "FloatStorage", new FloatStorageType());
        Unpickler.registerConstructor("collections", "OrderedDict", args -> new LinkedHashMap<>());
    }

    /** The checkpoint's top-level object with every tensor as a {@link Tensor} (named by its dict key path). */
    private final Object root;

    private TorchLegacyCheckpoint(Object root) {
        this.root = root;
    }

    public static TorchLegacyCheckpoint read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        try {
            Object magic = new Unpickler().load(in);
            if (!MAGIC.equals(magic instanceof Number n ? new BigInteger(n.toString()) : null)) {
                throw new IOException(file + " is not a legacy PyTorch checkpoint (magic number " + magic + ")");
            }
            Object protocol = new Unpickler().load(in);
            if (!(protocol instanceof Number p) || p.longValue() != PROTOCOL) {
                throw new IOException(file + ": legacy serialization protocol " + protocol + ", only " + PROTOCOL + " is supported");
            }
            Object sysInfo = new Unpickler().load(in);
            if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
                throw new IOException(file + " was saved on a big-endian machine: not supported");
            }
            Object root = new OrderedUnpickler().load(in);
            Object keys = new Unpickler().load(in);
            if (!(keys instanceof List<?> keyList)) {
                throw new IOException(file + ": the storage key list is missing");
            }
            Map<String, byte[]> storages = readStorages(file, bytes, bytes.length - in.available(), keyList);
            return new TorchLegacyCheckpoint(resolve(root, storages, file));
        } catch (PickleException | ClassCastException e) {
            throw new IOException(file + " is not a readable legacy PyTorch checkpoint: " + e.getMessage(), e);
        }
    }

    /** The float32 tensors of {@code state_dict} (or of the root dict itself), in their saved order, with {@code stripPrefix} removed from the names. */
    public List<Tensor> stateDict(String stripPrefix) throws IOException {
        Object sd = root instanceof Map<?, ?> m && m.containsKey("state_dict") ? m.get("state_dict") : root;
        if (!(sd instanceof Map<?, ?> map)) {
            throw new IOException("the checkpoint holds no state_dict");
        }
        List<Tensor> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = e.getKey().toString();
            if (!(e.getValue() instanceof Tensor t)) {
                throw new IOException("state_dict entry '" + name + "' is not a float32 tensor");
            }
            out.add(t.renamed(name.startsWith(stripPrefix) ? name.substring(stripPrefix.length()) : name));
        }
        return out;
    }

    /** A top-level value other than the state dict (e.g. {@code best_prec1}), or null. */
    public Object value(String key) {
        return root instanceof Map<?, ?> m ? m.get(key) : null;
    }

    private static Map<String, byte[]> readStorages(Path file, byte[] bytes, int start, List<?> keys) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(start);
        Map<String, byte[]> out = new HashMap<>();
        for (Object key : keys) {
            if (buf.remaining() < 8) {
                throw new IOException(file + " ends before storage '" + key + "' (truncated?)");
            }
            long count = buf.getLong();
            if (count < 0 || count * Tensor.F32 > buf.remaining()) {
                throw new IOException(file + " ends inside storage '" + key + "' (" + count + " elements announced; truncated?)");
            }
            byte[] data = new byte[(int) count * Tensor.F32];
            buf.get(data);
            out.put(key.toString(), data);
        }
        if (buf.hasRemaining()) {
            throw new IOException(file + " has " + buf.remaining() + " unexpected bytes after the last storage");
        }
        return out;
    }

    private static Object resolve(Object o, Map<String, byte[]> storages, Path file) throws IOException {
        if (o instanceof TensorRef ref) {
            return tensor(ref, storages, file);
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey(), resolve(e.getValue(), storages, file));
            }
            return out;
        }
        return o;
    }

    private static Tensor tensor(TensorRef ref, Map<String, byte[]> storages, Path file) throws IOException {
        byte[] storage = storages.get(ref.storage().key());
        if (storage == null) {
            throw new IOException(file + ": storage '" + ref.storage().key() + "' is referenced but not stored");
        }
        long n = 1;
        for (long s : ref.size()) {
            n *= s;
        }
        byte[] data = new byte[(int) n * Tensor.F32];
        if (isContiguous(ref) && (ref.offset() + n) * Tensor.F32 <= storage.length && ref.offset() >= 0) {
            System.arraycopy(storage, (int) ref.offset() * Tensor.F32, data, 0, data.length);
            return new Tensor("", ref.size(), data);
        }
        int[] index = new int[ref.size().length];
        for (int k = 0; k < n; k++) {
            long src = ref.offset();
            for (int i = 0; i < index.length; i++) {
                src += index[i] * ref.stride()[i];
            }
            if (src < 0 || (src + 1) * Tensor.F32 > storage.length) {
                throw new IOException(file + ": a tensor view reaches outside its storage '" + ref.storage().key() + "'");
            }
            System.arraycopy(storage, (int) src * Tensor.F32, data, k * Tensor.F32, Tensor.F32);
            for (int i = index.length - 1; i >= 0 && ++index[i] == ref.size()[i]; i--) {
                index[i] = 0;
            }
        }
        return new Tensor("", ref.size(), data);
    }

    private static boolean isContiguous(TensorRef ref) {
        long expected = 1;
        for (int i = ref.size().length - 1; i >= 0; i--) {
            if (ref.size()[i] != 1 && ref.stride()[i] != expected) {
                return false;
            }
            expected *= ref.size()[i];
        }
        return true;
    }

    private static long[] longs(Object tuple) {
        Object[] a = (Object[]) tuple;
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = ((Number) a[i]).longValue();
        }
        return out;
    }

    /** Pyrolite with persistent storage ids, and SETITEMS that keeps the pickled order (OrderedDict). */
    private static final class OrderedUnpickler extends Unpickler {

        @Override
        protected Object persistentLoad(Object pid) {
            Object[] t = (Object[]) pid;
            if (!"storage".equals(t[0])) {
                throw new PickleException("unknown persistent id " + t[0]);
            }
            if (!(t[1] instanceof FloatStorageType)) {
                throw new PickleException("storage '" + t[2] + "' is not a float32 storage: only FloatStorage is supported");
            }
            return new Storage(t[2].toString(), ((Number) t[4]).longValue());
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            if (key != 'u') {
                return super.dispatch(key);
            }
            List<Object> items = stack.pop_all_since_marker();
            @SuppressWarnings("unchecked")
            Map<Object, Object> target = (Map<Object, Object>) stack.peek();
            for (int i = 0; i + 1 < items.size(); i += 2) {
                target.put(items.get(i), items.get(i + 1));
            }
            return NO_RETURN_VALUE;
        }
    }
}
