package tlkit.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

    interface Malloc extends Library {
        Pointer malloc(long size);

        void free(Pointer p);
    }

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
}
