package tlkit.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CPU and environment lines of the bench summary, parsed from samples of the course machine. */
class MachineFactsTest {

    /** /proc/cpuinfo of the course machine (2 vCPUs), cut after the fields that matter. */
    static final String EPYC = """
            processor	: 0
            vendor_id	: AuthenticAMD
            cpu family	: 26
            model		: 2
            model name	: AMD EPYC
            stepping	: 1
            cpu MHz		: 2096.002
            cache size	: 1024 KB
            flags		: fpu vme de pse tsc msr pae mce cx8 apic sep pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext lm constant_tsc rep_good nopl xtopology tsc_reliable nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm cr8_legacy misalignsse 3dnowprefetch topoext pti        vmmcall bmi1 avx2 bmi2 erms avx512f avx512dq adx avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 avx_vnni avx512_bf16 clzero xsaveerptr arat avx512vbmi avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq movdiri movdir64b fsrm avx512_vp2intersect
            bugs		: cpu_meltdown spectre_v1 spectre_v2 spec_store_bypass srso spectre_v2_user
            bogomips	: 4192.00

            processor	: 1
            vendor_id	: AuthenticAMD
            model name	: AMD EPYC
            flags		: fpu vme de pse tsc msr pae mce cx8 apic sep pge mca cmov
            """;

    @Test
    void readsModelCountAndSimdFlagsOfTheCourseMachine() {
        MachineFacts m = MachineFacts.parse(EPYC, 2, Map.of());
        assertEquals("AMD EPYC", m.cpuModel());
        assertEquals(2, m.processors());
        // avx_vnni (the VEX one) is not avx512_vnni, and the second processor's short line is not read
        assertEquals(List.of("avx2", "avx512f", "avx512_bf16", "avx512_vnni"), m.simdFlags());
        assertEquals("AMD EPYC, 2 CPUs; SIMD: avx2 avx512f avx512_bf16 avx512_vnni (no amx_tile)", m.describeCpu());
    }

    @Test
    void saysWhenTheProcessMayUseFewerCpusThanTheMachineHas() {
        assertEquals("AMD EPYC, 1 CPU (of 2 in /proc/cpuinfo); SIMD: avx2 avx512f avx512_bf16 avx512_vnni (no amx_tile)",
                MachineFacts.parse(EPYC, 1, Map.of()).describeCpu());
    }

    @Test
    void aCpuWithoutAvx512NamesWhatItLacks() {
        String haswell = "model name\t: Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz\n"
                + "flags\t\t: fpu sse sse2 avx f16c avx2 bmi2 avx_vnni\n";
        assertEquals("Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz, 4 CPUs; SIMD: avx2 (no avx512f, avx512_bf16, "
                + "avx512_vnni, amx_tile)", MachineFacts.parse(haswell, 4, Map.of()).describeCpu());
        assertEquals("x, 4 CPUs; SIMD: none of avx2, avx512f, avx512_bf16, avx512_vnni, amx_tile",
                MachineFacts.parse("model name : x\nflags : fpu sse sse2\n", 4, Map.of()).describeCpu());
    }

    @Test
    void unknownWhereCpuinfoDoesNotSay() {
        // an Arm cpuinfo: no "model name", "Features" instead of "flags"
        MachineFacts arm = MachineFacts.parse("processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm\n", 1,
                Map.of());
        assertEquals("unknown", arm.cpuModel());
        assertNull(arm.simdFlags());
        assertEquals("unknown, 1 CPU; SIMD: unknown", arm.describeCpu());
        assertEquals("unknown, 2 CPUs; SIMD: unknown", MachineFacts.parse("", 2, Map.of()).describeCpu());
    }

    @Test
    void recordsEveryEngineVariableSortedAndNothingElse() {
        Map<String, String> env = Map.of("PATH", "/usr/bin", "OPENBLAS_L2_SIZE", "512", "OPENBLAS_CORETYPE", "Haswell",
                "OMP_NUM_THREADS", "2", "DNNL_MAX_CPU_ISA", "AVX2", "ONEDNN_VERBOSE", "0", "GOMP_SPINCOUNT", "1000",
                "MKL_ENABLE_INSTRUCTIONS", "AVX2", "TLKIT_JAVA_OPTS", "-Xmx4g", "MY_OMP_NUM_THREADS", "8");
        MachineFacts m = MachineFacts.parse(EPYC, 2, env);
        assertEquals(List.of("DNNL_MAX_CPU_ISA=AVX2", "GOMP_SPINCOUNT=1000", "MKL_ENABLE_INSTRUCTIONS=AVX2",
                "OMP_NUM_THREADS=2", "ONEDNN_VERBOSE=0", "OPENBLAS_CORETYPE=Haswell", "OPENBLAS_L2_SIZE=512"),
                m.engineSettings());
        assertEquals("DNNL_MAX_CPU_ISA=AVX2, GOMP_SPINCOUNT=1000, MKL_ENABLE_INSTRUCTIONS=AVX2, OMP_NUM_THREADS=2, "
                + "ONEDNN_VERBOSE=0, OPENBLAS_CORETYPE=Haswell, OPENBLAS_L2_SIZE=512", m.describeEngineSettings());
        assertEquals("none", MachineFacts.parse(EPYC, 2, Map.of("PATH", "/usr/bin")).describeEngineSettings());
    }
}
