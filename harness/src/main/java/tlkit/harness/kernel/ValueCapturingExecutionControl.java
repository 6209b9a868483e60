package tlkit.harness.kernel;

import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * In-process ("local") JShell execution, as IJava runs it, that also keeps the actual object a snippet
 * returned, so an image can be rendered as PNG instead of its toString. Snippets run on the calling
 * thread; the per-cell timeout is enforced by the kernel's watchdog.
 */
final class ValueCapturingExecutionControl extends LocalExecutionControl {
    private Object lastValue;

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastValue = null;
        Object value = doitMethod.invoke(null);
        lastValue = value;
        return valueString(value);
    }

    /** The object returned by the snippet executed last, then forgets it (so it can be collected). */
    Object takeLastValue() {
        Object v = lastValue;
        lastValue = null;
        return v;
    }

    static final class Provider implements ExecutionControlProvider {
        private final ValueCapturingExecutionControl control = new ValueCapturingExecutionControl();

        ValueCapturingExecutionControl control() {
            return control;
        }

        @Override
        public String name() {
            return "tlkit-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
