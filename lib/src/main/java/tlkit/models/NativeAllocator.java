package tlkit.models;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Keeps the memory libtorch frees for reuse instead of handing it back to the operating system.
 *
 * <p>A forward pass allocates and frees activations of a few MB each, batch after batch. In a JVM, the
 * thread that calls libtorch uses one of glibc's secondary malloc arenas, which returns freed space to
 * the kernel right away; the next batch then page-faults on every fresh page. Measured on ResNet-20
 * frozen features (2 cores, 5 passes): 1.0 M minor page faults and 3.4 s of system time, against 0.27 M
 * and 1.0 s with these settings; DS-CNN features ran 1.9x and ResNet-20 features 1.09x faster, at
 * about 10 % more peak memory (bench/README.md has the A/B, including the workload that got slower).
 *
 * <p>The settings: blocks up to 32 MB come from the heap rather than from a fresh {@code mmap}, and up
 * to 256 MB of free heap is kept before trimming. A secondary arena is a chain of 64 MB heaps, and glibc
 * unmaps a heap of the chain as soon as it is entirely free, whatever the trim threshold: a forward pass
 * of 8 MB activations filled a second heap, freed it at the end, and the next batch mapped and
 * page-faulted it again (ResNet-20 features ran at 970-1,650 images/s from run to run). A top pad of
 * 64 MB keeps such a heap (glibc deletes it only when the heap before has more free room than the pad).
 * Applied once, on Linux with glibc, before the first model is built; {@code -Dtlkit.malloc=default}
 * leaves glibc's defaults (for comparisons).
 */
public final class NativeAllocator {

    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    static final int MMAP_THRESHOLD_BYTES = 32 << 20;
    static final int TRIM_THRESHOLD_BYTES = 256 << 20;
    static final int TOP_PAD_BYTES = 64 << 20;

    private static Boolean applied;

    private NativeAllocator() {}

    /** glibc's {@code mallopt}. */
    interface CLibrary extends Library {
        int mallopt(int param, int value);
    }

    /** Applies the settings once; true when glibc accepted them, false elsewhere or when switched off. */
    public static synchronized boolean tune() {
        if (applied == null) {
            applied = apply();
        }
        return applied;
    }

    private static boolean apply() {
        if ("default".equals(System.getProperty("tlkit.malloc"))
                || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return false;
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            return c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
                    && c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1
                    && c.mallopt(M_TOP_PAD, TOP_PAD_BYTES) == 1;
        } catch (LinkageError | RuntimeException e) {
            return false; // not glibc (musl, or no libc to load): keep the platform's allocator as it is
        }
    }
}
