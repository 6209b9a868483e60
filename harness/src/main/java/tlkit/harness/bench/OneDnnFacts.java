package tlkit.harness.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What oneDNN (MKL-DNN) said about itself when a process ran a convolution with {@code ONEDNN_VERBOSE=1}
 * (oneDNN 3.x) or {@code DNNL_VERBOSE=1} (2.x): its version, the instruction set it dispatches to, and
 * the convolution implementation it chose (e.g. {@code jit:avx512_core}; {@code gemm:jit} or {@code ref}
 * mean a slower path). Each is {@value MachineFacts#UNKNOWN} when the output does not say.
 */
record OneDnnFacts(String version, String isa, String convolution) {

    private static final Pattern VERSION = Pattern.compile("(?:oneDNN|DNNL|MKL-DNN)\\)? v(\\d[\\w.+-]*)");

    /** Makes oneDNN print what it does: 3.x reads the first, 2.x (Debian's torch 1.13) the second. */
    static final Map<String, String> VERBOSE = Map.of("ONEDNN_VERBOSE", "1", "DNNL_VERBOSE", "1");

    /**
     * Reads the verbose lines out of a process's whole output. 2.x writes
     * {@code onednn_verbose,info,...} and {@code onednn_verbose,exec,cpu,convolution,IMPL,...}; 3.x puts a
     * format version (and optionally a timestamp) after the marker and "primitive" before "exec", so the
     * fields are found by name, not by position.
     */
    static OneDnnFacts fromVerbose(String output) {
        String version = null;
        String isa = null;
        List<String> convolutions = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String[] f = line.strip().split(",");
            if (f.length < 3 || !f[0].endsWith("_verbose")) {
                continue;
            }
            for (int i = 1; i < f.length; i++) {
                if (f[i].equals("info") && i + 1 < f.length) {
                    Matcher m = VERSION.matcher(f[i + 1]);
                    if (version == null && m.find()) {
                        version = m.group(1);
                    }
                    if (isa == null && i + 2 < f.length && f[i + 1].equals("cpu") && f[i + 2].startsWith("isa:")) {
                        isa = f[i + 2].substring("isa:".length()).strip();
                    }
                    break;
                }
                if (f[i].equals("exec") && i + 3 < f.length) {
                    if (f[i + 1].equals("cpu") && f[i + 2].equals("convolution") && !convolutions.contains(f[i + 3])) {
                        convolutions.add(f[i + 3]);
                    }
                    break;
                }
            }
        }
        return new OneDnnFacts(orUnknown(version), orUnknown(isa),
                convolutions.isEmpty() ? MachineFacts.UNKNOWN : String.join(" + ", convolutions));
    }

    /** The version a text names, e.g. torch's build configuration ("Intel(R) MKL-DNN v2.6.3"), if any. */
    static Optional<String> versionIn(String text) {
        Matcher m = VERSION.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** This, with the version taken from {@code fallback} when the verbose lines did not name one. */
    OneDnnFacts withVersionIfUnknown(Optional<String> fallback) {
        return version.equals(MachineFacts.UNKNOWN) && fallback.isPresent()
                ? new OneDnnFacts(fallback.get(), isa, convolution) : this;
    }

    /** "oneDNN 3.7.1, ISA Intel AVX-512 ..., convolution jit:avx512_core". */
    String describe() {
        return "oneDNN " + version + ", ISA " + isa + ", convolution " + convolution;
    }

    private static String orUnknown(String s) {
        return s == null || s.isEmpty() ? MachineFacts.UNKNOWN : s;
    }
}
