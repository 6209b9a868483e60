package tlkit.harness.jupyter;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./kit kernel install [--base NAME] [--name tlkit] [--user | --sys-prefix | --prefix DIR]}: installs
 * the kit's kernelspec on top of an installed IJava-family kernel (see {@link KitKernelSpec}).
 * {@code ./kit kernel show} prints the spec it would install. Exit 0 on success, 1 when no base kernel is
 * installed or Jupyter fails, 2 for bad usage.
 */
public final class KernelInstallMain {
    private static final String USAGE = "usage: kit kernel install [--base NAME] [--name NAME] [--user | --sys-prefix | --prefix DIR]\n"
            + "       kit kernel show [--base NAME]";

    private KernelInstallMain() {}

    public static void main(String[] args) {
        System.exit(run(args, Jupyter.onPath()));
    }

    static int run(String[] args, Jupyter jupyter) {
        if (args.length == 0 || !(args[0].equals("install") || args[0].equals("show"))) {
            System.err.println(USAGE);
            return 2;
        }
        String base = null;
        String name = KitKernelSpec.DEFAULT_NAME;
        List<String> scope = new ArrayList<>();
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--base" -> base = value(args, ++i);
                    case "--name" -> name = value(args, ++i);
                    case "--user", "--sys-prefix" -> scope.add(args[i]);
                    case "--prefix" -> { scope.add("--prefix"); scope.add(value(args, ++i)); }
                    default -> throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("kit kernel: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        if (scope.isEmpty()) {
            scope.add("--user");
        }
        try {
            Jupyter.InstalledSpec chosen = chooseBase(jupyter.kernelspecs(), base);
            JsonObject spec = KitKernelSpec.derive(chosen.spec(), chosen.dir(), chosen.name());
            if (args[0].equals("show")) {
                System.out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec));
                return 0;
            }
            jupyter.install(spec, name, scope);
            System.out.println("kit: installed Jupyter kernel '" + name + "' (" + spec.get("display_name").getAsString()
                    + "): DJL offline, usage tracking off, headless, heap up to half the memory. Pick it in Jupyter's kernel menu.");
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("kit kernel: " + e.getMessage());
            return 1;
        }
    }

    static Jupyter.InstalledSpec chooseBase(Map<String, Jupyter.InstalledSpec> specs, String wanted) {
        if (wanted != null) {
            Jupyter.InstalledSpec s = specs.get(wanted);
            if (s == null) {
                throw new IllegalArgumentException("no kernelspec named '" + wanted + "'; installed: " + specs.keySet());
            }
            return s;
        }
        return specs.values().stream().filter(s -> KitKernelSpec.isJavaFamily(s.spec())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no IJava-family Java kernel is installed (found "
                        + specs.keySet() + "). Install one first: conda install -c conda-forge ijava=1.4.0, or the IJava 1.3.0"
                        + " release zip (README, 'Setup'); then run ./kit kernel install again"));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
