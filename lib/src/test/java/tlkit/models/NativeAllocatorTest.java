package tlkit.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

    interface Malloc extends Library {
        Pointer malloc(long size);

        void free(Pointer p);

        int getrusage(int who, Pointer usage);
    }

    private static final int RUSAGE_THREAD = 1;
    private static final int RU_MINFLT_OFFSET = 64; // after ru_utime, ru_stime (16 bytes each) and 4 longs

    /**
     * On the course machines (Linux, glibc) the settings take effect: a 24 MB block, which glibc's
     * defaults would map fresh from the kernel (and unmap on free), now comes from the reusable heap.
     * glibc marks a mapped chunk with bit 2 of the size word just before the pointer.
     */
    @Test
    void afterTuningMidSizedBlocksComeFromTheHeapNotFromMmap() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "glibc only");
        assertTrue(NativeAllocator.tune(), "mallopt could not be called");
        assertTrue(NativeAllocator.tune(), "tuning twice is harmless");
        Malloc libc = Native.load("c", Malloc.class);
        Pointer block = libc.malloc(24L << 20);
        try {
            long sizeWord = block.getLong(-8);
            assertEquals(0, sizeWord & 2, "a 24 MB block is still mmapped: the threshold was not raised");
        } finally {
            libc.free(block);
        }
    }

    /**
     * A worker thread (a secondary arena, like the JVM thread that calls libtorch) allocates and touches
     * 4 blocks of 24 MB, more than one 64 MB arena heap, and frees them, batch after batch. With glibc's
     * own top pad the second heap is unmapped at every free and every batch faults its pages in again
     * (thousands of faults); tuned, the later batches reuse the pages they already have.
     */
    @Test
    void aFreedArenaHeapIsKeptForTheNextBatch() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "glibc only");
        assertTrue(NativeAllocator.tune(), "mallopt could not be called");
        Malloc libc = Native.load("c", Malloc.class);
        long[] faults = new long[3];
        Thread worker = new Thread(() -> {
            for (int batch = 0; batch < faults.length; batch++) {
                long before = minorFaults(libc);
                Pointer[] blocks = new Pointer[4];
                for (int i = 0; i < blocks.length; i++) {
                    blocks[i] = libc.malloc(24L << 20);
                    blocks[i].setMemory(0, 24L << 20, (byte) 1);
                }
                for (Pointer b : blocks) {
                    libc.free(b);
                }
                faults[batch] = minorFaults(libc) - before;
            }
        });
        worker.start();
        worker.join();
        long pagesPerBatch = 4 * (24L << 20) / 4096;
        assertTrue(faults[0] > pagesPerBatch / 2, "the first batch should fault its pages in: " + faults[0]);
        assertTrue(faults[2] < pagesPerBatch / 10, "the third batch faulted " + faults[2]
                + " pages of " + pagesPerBatch + ": freed arena memory went back to the kernel");
    }

    private static long minorFaults(Malloc libc) {
        Memory usage = new Memory(256);
        assertEquals(0, libc.getrusage(RUSAGE_THREAD, usage));
        return usage.getLong(RU_MINFLT_OFFSET);
    }
}
