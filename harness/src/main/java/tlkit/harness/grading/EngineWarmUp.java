package tlkit.harness.grading;

/**
 * Run once, outside any sandbox and before any student code, when DJL's cache holds no PyTorch
 * natives yet: loading the engine unpacks them, so every sandbox can mount them read-only instead
 * of unpacking its own copy. Trusted code only: it runs nothing from a submission.
 */
public final class EngineWarmUp {

    private EngineWarmUp() {
    }

    public static void main(String[] args) {
        System.out.println("PyTorch " + ai.djl.engine.Engine.getEngine("PyTorch").getVersion() + " unpacked into "
                + ai.djl.util.Utils.getEngineCacheDir());
    }
}
