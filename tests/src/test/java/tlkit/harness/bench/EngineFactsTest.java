package tlkit.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each engine's back-end, parsed from what the probes printed on the course machine (AMD EPYC with
 * AVX-512): the kit's {@code WorkloadMain describe} under {@code ONEDNN_VERBOSE=1} (libtorch 2.7.1,
 * oneDNN 3.x) and the PyTorch probe under {@code DNNL_VERBOSE=1} (Debian's torch 1.13, oneDNN 2.x).
 */
class EngineFactsTest {

    /** WorkloadMain describe, whole output. */
    static final String KIT = """
            onednn_verbose,v1,info,oneDNN v3.7.1 (commit 8d263e693366ef8db40acc569cc7d8edf644556d)
            onednn_verbose,v1,info,cpu,runtime:OpenMP,nthr:2
            onednn_verbose,v1,info,cpu,isa:Intel AVX-512 with Intel DL Boost and bfloat16 support
            onednn_verbose,v1,info,gpu,runtime:none
            onednn_verbose,v1,info,graph,backend,0:dnnl_backend
            onednn_verbose,v1,primitive,info,template:operation,engine,primitive,implementation,prop_kind,memory_descriptors,attributes,auxiliary,problem_desc,exec_time
            onednn_verbose,v1,graph,info,template:operation,engine,partition_id,partition_kind,op_names,data_formats,logical_tensors,fpmath_mode,implementation,backend,exec_time
            onednn_verbose,v1,primitive,exec,cpu,reorder,jit:blk,undef,src:f32::blocked:abcd::f0 dst:f32::blocked:aBcd16b::f0,attr-scratchpad:user,,8x16x32x32,2.04102
            onednn_verbose,v1,primitive,exec,cpu,reorder,jit:uni,undef,src:f32::blocked:abcd::f0 dst:f32::blocked:ABcd16b16a::f0,attr-scratchpad:user,,16x16x3x3,7.09009
            onednn_verbose,v1,primitive,exec,cpu,convolution,jit:avx512_core,forward_training,src:f32:a:blocked:aBcd16b::f0 wei:f32:a:blocked:ABcd16b16a::f0 bia:undef::undef::: dst:f32:a:blocked:aBcd16b::f0,attr-scratchpad:user,alg:convolution_direct,mb8_ic16oc16_ih32oh32kh3sh1dh0ph1_iw32ow32kw3sw1dw0pw1,8.73804
            onednn_verbose,v1,primitive,exec,cpu,reorder,jit:blk,undef,src:f32::blocked:aBcd16b::f0 dst:f32::blocked:abcd::f0,attr-scratchpad:user,,8x16x32x32,14.2251
            KIT-ENGINE libtorch 2.7.1
            """;

    /**
     * TorchReference's probe with /usr/bin/python3 (python3-torch 1.13.1), whole output but for the
     * build settings line, cut short.
     */
    static final String TORCH_113 = """
            onednn_verbose,info,oneDNN v2.6.3 (commit N/A)
            onednn_verbose,info,cpu,runtime:OpenMP,nthr:1
            onednn_verbose,info,cpu,isa:Intel AVX-512 with Intel DL Boost and bfloat16 support
            onednn_verbose,info,gpu,runtime:OpenCL
            onednn_verbose,info,prim_template:operation,engine,primitive,implementation,prop_kind,memory_descriptors,attributes,auxiliary,problem_desc,exec_time
            onednn_verbose,exec,cpu,reorder,jit:blk,undef,src_f32::blocked:abcd:f0 dst_f32::blocked:aBcd16b:f0,attr-scratchpad:user ,,8x16x32x32,1.47192
            onednn_verbose,exec,cpu,reorder,jit:uni,undef,src_f32::blocked:abcd:f0 dst_f32::blocked:ABcd16b16a:f0,attr-scratchpad:user ,,16x16x3x3,0.0129395
            onednn_verbose,exec,cpu,convolution,jit:avx512_core,forward_training,src_f32::blocked:aBcd16b:f0 wei_f32::blocked:ABcd16b16a:f0 bia_undef::undef::f0 dst_f32::blocked:aBcd16b:f0,attr-scratchpad:user ,alg:convolution_direct,mb8_ic16oc16_ih32oh32kh3sh1dh0ph1_iw32ow32kw3sw1dw0pw1,1.77393
            onednn_verbose,exec,cpu,reorder,jit:blk,undef,src_f32::blocked:aBcd16b:f0 dst_f32::blocked:abcd:f0,attr-scratchpad:user ,,8x16x32x32,1.31909
            PyTorch built with:
              - GCC 12.2
              - C++ Version: 201402
              - Intel(R) MKL-DNN v2.6.3 (Git Hash N/A)
              - OpenMP 201511 (a.k.a. OpenMP 4.5)
              - LAPACK is enabled (usually provided by MKL)
              - CPU capability usage: AVX2
              - Build settings: BLAS_INFO=generic, BUILD_TYPE=RelWithDebInfo, CXX_COMPILER=/usr/bin/c++, USE_MKLDNN=ON, USE_OPENMP=ON,

            TORCH-PROBE 1.13.0a0|system openblas-pthread/libblas.so.3
            """;

    static final String AVX512_ISA = "Intel AVX-512 with Intel DL Boost and bfloat16 support";

    @Test
    void kitLibtorchAndItsOneDnn3() {
        EngineFacts kit = EngineFacts.ofKit(KIT);
        assertEquals("2.7.1", kit.version());
        // the reorders before it ran jit:blk and jit:uni; the convolution is the line that counts
        assertEquals(new OneDnnFacts("3.7.1", AVX512_ISA, "jit:avx512_core"), kit.oneDnn());
        assertEquals("libtorch 2.7.1; oneDNN 3.7.1, ISA " + AVX512_ISA + ", convolution jit:avx512_core",
                kit.describe());
    }

    @Test
    void oneDnn3WithTimestampsFindsTheFieldsByName() {
        String stamped = """
                onednn_verbose,v1,info,oneDNN v3.7.1 (commit 8d263e693366ef8db40acc569cc7d8edf644556d)
                onednn_verbose,v1,info,cpu,isa:Intel AVX-512 with Intel DL Boost and bfloat16 support
                onednn_verbose,v1,1796474649580.829102,primitive,exec,cpu,convolution,jit:avx512_core,forward_training,src:f32:a:blocked:aBcd16b::f0 wei:f32:a:blocked:ABcd16b16a::f0 bia:undef::undef::: dst:f32:a:blocked:aBcd16b::f0,attr-scratchpad:user,alg:convolution_direct,mb8_ic16oc16_ih32oh32kh3sh1dh0ph1_iw32ow32kw3sw1dw0pw1,9.06201
                """;
        assertEquals(new OneDnnFacts("3.7.1", AVX512_ISA, "jit:avx512_core"), OneDnnFacts.fromVerbose(stamped));
    }

    @Test
    void debianTorchAndItsOneDnn2() {
        EngineFacts torch = TorchReference.parseProbe(TORCH_113);
        assertEquals("1.13.0a0", torch.version());
        assertEquals("system openblas-pthread/libblas.so.3", torch.blas());
        assertEquals("AVX2", torch.cpuCapability());
        assertEquals(new OneDnnFacts("2.6.3", AVX512_ISA, "jit:avx512_core"), torch.oneDnn());
        assertEquals("PyTorch 1.13.0a0, BLAS system openblas-pthread/libblas.so.3, ATen CPU capability AVX2; "
                + "oneDNN 2.6.3, ISA " + AVX512_ISA + ", convolution jit:avx512_core", torch.describe());
    }

    @Test
    void withoutVerboseLinesTheTorchBuildConfigurationStillNamesTheVersion() {
        String quiet = TORCH_113.lines().filter(l -> !l.startsWith("onednn_verbose")).reduce("", (a, b) -> a + b + "\n");
        assertEquals(new OneDnnFacts("2.6.3", "unknown", "unknown"), TorchReference.parseProbe(quiet).oneDnn());
        assertEquals(Optional.empty(), OneDnnFacts.versionIn("PyTorch built with:\n  - GCC 12.2\n"));
    }

    @Test
    void aFailedProbeLeavesUnknownsNotAnError() {
        String crashed = "BENCH-ERROR ai.djl.engine.EngineException: Failed to load PyTorch native library\n";
        EngineFacts kit = EngineFacts.ofKit(crashed);
        assertEquals("libtorch unknown; oneDNN unknown, ISA unknown, convolution unknown", kit.describe());
        assertNull(TorchReference.parseProbe("ModuleNotFoundError: No module named 'torch'\n"));
        assertNull(TorchReference.parseProbe(null));
    }

    @Test
    void summaryRecordsTheMachineAndBothEngines() {
        MachineFacts machine = MachineFacts.parse(MachineFactsTest.EPYC, 2,
                Map.of("OPENBLAS_CORETYPE", "Haswell", "HOME", "/root"));
        List<String> lines = BenchMain.machineLines(machine, EngineFacts.ofKit(KIT),
                TorchReference.parseProbe(TORCH_113), 2);
        assertEquals(List.of(
                "CPU: AMD EPYC, 2 CPUs; SIMD: avx2 avx512f avx512_bf16 avx512_vnni (no amx_tile)",
                "engine settings in the environment: OPENBLAS_CORETYPE=Haswell",
                "kit: libtorch 2.7.1; oneDNN 3.7.1, ISA " + AVX512_ISA + ", convolution jit:avx512_core",
                "PyTorch reference: PyTorch 1.13.0a0, BLAS system openblas-pthread/libblas.so.3, ATen CPU capability "
                        + "AVX2; oneDNN 2.6.3, ISA " + AVX512_ISA + ", convolution jit:avx512_core; run with "
                        + "OPENBLAS_NUM_THREADS=2"), lines);
        assertEquals(3, BenchMain.machineLines(machine, EngineFacts.ofKit(KIT), null, 2).size());

        String md = new Report(List.of(), List.of(), Scale.TINY, 2, null, lines, "0.5", List.of()).markdown();
        assertTrue(md.contains("Machine:\n\n- CPU: AMD EPYC, 2 CPUs;"), md);
        assertTrue(md.contains("\n- engine settings in the environment: OPENBLAS_CORETYPE=Haswell\n"), md);
        assertTrue(md.contains("\n- kit: libtorch 2.7.1; oneDNN 3.7.1"), md);
        assertTrue(md.indexOf("Machine:") < md.indexOf("| # | workload |"), "the machine comes before the table");
    }
}
