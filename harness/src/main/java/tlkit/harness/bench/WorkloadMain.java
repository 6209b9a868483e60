package tlkit.harness.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Child-process entry point: {@code WorkloadMain prepare DIR SCALE} writes the shared inputs,
 * {@code WorkloadMain run WORKLOAD DIR SCALE} runs one kit workload and prints one
 * {@link ResultLine} (with this process's peak resident memory) on stdout; with
 * {@code -D}{@value #PROFILE_PROPERTY}{@code =FILE} it also writes a libtorch operator profile.
 * {@code WorkloadMain describe} runs one convolution and prints the libtorch version
 * ({@link EngineFacts#KIT_LINE}); run with {@code ONEDNN_VERBOSE=1}, oneDNN adds what it chose.
 */
public final class WorkloadMain {

    /** When set, the libtorch profiler records the whole workload into this Chrome trace file. */
    static final String PROFILE_PROPERTY = "tlkit.bench.profile";

    private WorkloadMain() {}

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            if (args.length == 3 && args[0].equals("prepare")) {
                BenchInputs.prepare(Path.of(args[1]), Scale.parse(args[2]));
            } else if (args.length == 4 && args[0].equals("run")) {
                Workload w = Workload.byId(args[1]);
                String profile = System.getProperty(PROFILE_PROPERTY);
                if (profile != null) {
                    Engine.getEngine("PyTorch"); // loads libtorch before its profiler is switched on
                    JniUtils.startProfile(false, false, false);
                }
                KitWorkloads.Result r = new KitWorkloads(Scale.parse(args[3]), Path.of(args[2])).run(w);
                if (profile != null) {
                    JniUtils.stopProfile(profile);
                }
                System.out.println(new ResultLine(w.id(), "kit", r.items(), r.seconds(), r.batch(),
                        PeakMemory.selfKib(), r.note()).format());
            } else if (args.length == 1 && args[0].equals("describe")) {
                describeEngine();
            } else {
                System.out.println("usage: WorkloadMain prepare DIR tiny|quick|full | run WORKLOAD DIR tiny|quick|full"
                        + " | describe;"
                        + " workloads: " + Workload.ids());
                status = 2;
            }
        } catch (Throwable t) {
            System.out.println(String.format(Locale.ROOT, "BENCH-ERROR %s", t));
            t.printStackTrace(System.out);
            status = 1;
        }
        System.out.flush();
        // DJL keeps non-daemon native threads; leave now that the line is out
        System.exit(status);
    }

    private static void describeEngine() {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = NDManager.newBaseManager()) {
            // a ResNet-20 block's convolution; batch > 1, so libtorch hands it to oneDNN
            NDArray input = manager.ones(new Shape(8, 16, 32, 32));
            NDArray weight = manager.ones(new Shape(16, 16, 3, 3));
            Conv2d.conv2d(input, weight, null, new Shape(1, 1), new Shape(1, 1));
        }
        System.out.println(EngineFacts.KIT_LINE + engine.getVersion());
    }
}
