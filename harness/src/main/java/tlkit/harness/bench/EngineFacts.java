package tlkit.harness.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One engine's native back-end as the bench found it: the tensor library and its version, the BLAS
 * behind its matrix products and ATen's vectorisation level where the engine reports them (null where it
 * does not), and what oneDNN, which runs the convolutions, chose on this CPU.
 */
record EngineFacts(String library, String version, String blas, String cpuCapability, OneDnnFacts oneDnn) {

    /** The line {@code WorkloadMain describe} prints after its convolution. */
    static final String KIT_LINE = "KIT-ENGINE libtorch ";

    /** The kit's libtorch, from the output of {@code WorkloadMain describe} run with {@code ONEDNN_VERBOSE=1}. */
    static EngineFacts ofKit(String output) {
        String version = output.lines().filter(l -> l.startsWith(KIT_LINE)).findFirst()
                .map(l -> l.substring(KIT_LINE.length()).strip()).orElse(MachineFacts.UNKNOWN);
        return new EngineFacts("libtorch", version, null, null, OneDnnFacts.fromVerbose(output));
    }

    /** "libtorch 2.7.1; oneDNN 3.7.1, ISA ..., convolution jit:avx512_core". */
    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(library + " " + version);
        if (blas != null) {
            parts.add("BLAS " + blas);
        }
        if (cpuCapability != null) {
            parts.add("ATen CPU capability " + cpuCapability);
        }
        return String.join(", ", parts) + "; " + oneDnn.describe();
    }
}
