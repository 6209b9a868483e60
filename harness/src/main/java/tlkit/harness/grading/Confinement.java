package tlkit.harness.grading;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a submission's child JVM runs: in a {@link Sandbox} (the default) or, with
 * {@code --no-sandbox}, as a plain process of the grader's user ({@link Unconfined}).
 */
interface Confinement {

    /** One started child: its process, and what to clean up once it is gone. */
    interface Run {
        Process process();

        void cleanup();

        /** Memory held by files the child wrote into its private scratch (tmpfs), in kB; 0 if none. */
        default long scratchKb() {
            return 0;
        }
    }

    /**
     * Starts {@code jvm} (the java command without class path and main class) running
     * {@code mainClass}, with the submission's notebook as {@code submission.ipynb} in its working folder.
     */
    Run start(JvmCommand jvm, Path submission, Limits limits) throws IOException;

    /** What this confinement leaves unprotected (empty for the sandbox), printed at the start of a run. */
    List<String> unprotected();
}
