package tlkit.harness.kernels;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs {@link KitUnderKernelProbe} the way an IJava-family kernel would load it: a class loader holding
 * the kernel's jar(s) is the parent of the one holding the kit's jars, so every class the kernel bundles
 * (IJava: gson 2.8.5 …) wins over the kit's copy. Started in a fresh JVM by {@link KernelClasspathTest}
 * (libtorch can be loaded by one class loader per JVM only).
 *
 * <p>Arguments: kernel jars (path-separated), the kit's jar folder, the probe's classes folder.
 */
public final class KernelClassLoaderMain {

    public static void main(String[] args) throws Exception {
        List<URL> kernel = new ArrayList<>();
        for (String jar : args[0].split(File.pathSeparator)) {
            kernel.add(new File(jar).toURI().toURL());
        }
        List<URL> kit = new ArrayList<>();
        for (File jar : new File(args[1]).listFiles((d, n) -> n.endsWith(".jar"))) {
            kit.add(jar.toURI().toURL());
        }
        kit.add(new File(args[2]).toURI().toURL());
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        try (URLClassLoader kernelLoader = new URLClassLoader("kernel", kernel.toArray(URL[]::new), platform);
                URLClassLoader kitLoader = new URLClassLoader("kit", kit.toArray(URL[]::new), kernelLoader)) {
            System.out.println("gson: " + visibleGson(kitLoader));
            Thread.currentThread().setContextClassLoader(kitLoader);
            Class<?> probe = Class.forName(KitUnderKernelProbe.class.getName(), true, kitLoader);
            if (probe.getClassLoader() != kitLoader) {
                throw new IllegalStateException("the probe must be loaded by the kit's loader, not " + probe.getClassLoader());
            }
            @SuppressWarnings("unchecked")
            Supplier<String> run = (Supplier<String>) probe.getConstructor().newInstance();
            System.out.println("OK " + run.get());
        }
    }

    /** Which gson a notebook cell would see: the kernel's, or none (the kit keeps its own relocated). */
    private static String visibleGson(ClassLoader loader) {
        try {
            Class<?> parser = Class.forName("com.google.gson.JsonParser", false, loader);
            return parser.getProtectionDomain().getCodeSource().getLocation()
                    + " (parseString " + (hasStaticParseString(parser) ? "present" : "absent") + ")";
        } catch (ClassNotFoundException e) {
            return "none";
        }
    }

    private static boolean hasStaticParseString(Class<?> jsonParser) {
        try {
            jsonParser.getMethod("parseString", String.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
