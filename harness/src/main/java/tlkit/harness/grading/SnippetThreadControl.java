package tlkit.harness.grading;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import java.util.Map;

/**
 * In-process JShell execution (like IJava): each snippet runs on a fresh thread of the "student"
 * thread group, and only that thread is awaited (JDK's LocalExecutionControl also waits for every
 * thread the snippet started, so one background thread would hang every later cell). {@link #stop}
 * stops the running snippet (used for the per-cell timeout).
 */
final class SnippetThreadControl extends DirectExecutionControl {

    static final ThreadGroup STUDENT = new ThreadGroup("student-code");

    private volatile Thread running;

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object[] result = new Object[1];
        Throwable[] thrown = new Throwable[1];
        boolean[] stopped = new boolean[1];
        Thread t = new Thread(STUDENT, () -> {
            try {
                result[0] = doitMethod.invoke(null);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof ThreadDeath) {
                    stopped[0] = true;
                } else {
                    thrown[0] = e;
                }
            } catch (ThreadDeath e) {
                stopped[0] = true;
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "cell");
        t.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        running = t;
        t.start();
        t.join();
        running = null;
        if (stopped[0]) {
            throw new ExecutionControl.StoppedException();
        }
        if (thrown[0] instanceof InvocationTargetException ite) {
            throw ite;
        }
        if (thrown[0] != null) {
            throw new InvocationTargetException(thrown[0]);
        }
        return valueString(result[0]);
    }

    @SuppressWarnings("deprecation") // Thread.stop: ends a cell that ignores interrupts (JDK 17..19)
    @Override
    public void stop() {
        Thread t = running;
        if (t != null) {
            t.interrupt();
            try {
                t.stop();
            } catch (UnsupportedOperationException e) {
                // JDK 20+: the cell keeps running; the grader kills the kernel and replays without it
            }
        }
    }

    private volatile java.lang.reflect.Field lastVariable;

    /** As JShell's, and remembers which static field holds the variable (for {@link #lastVariableValue}). */
    @Override
    public String varValue(String className, String varName) throws ExecutionControl.RunException,
            ExecutionControl.EngineTerminationException, ExecutionControl.InternalException {
        try {
            java.lang.reflect.Field f = findClass(className).getField(varName);
            f.setAccessible(true); // the wrapper class is not public
            lastVariable = f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            lastVariable = null;
        }
        return super.varValue(className, varName);
    }

    /** The object held by the variable whose value JShell read last (null when it could not be found). */
    Object lastVariableValue() {
        try {
            java.lang.reflect.Field f = lastVariable;
            return f == null ? null : f.get(null);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** Finds a class the way snippets see it: one a snippet declared, else one on the class path. */
    Class<?> load(String name) throws ClassNotFoundException {
        try {
            return findClass(name);
        } catch (ClassNotFoundException e) {
            return Class.forName(name, false, ClassLoader.getSystemClassLoader());
        }
    }

    static final class Provider implements ExecutionControlProvider {
        final SnippetThreadControl control = new SnippetThreadControl();

        @Override
        public String name() {
            return "tlkit-grading";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
