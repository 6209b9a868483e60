package tlkit.harness.grading;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

/**
 * Makes the names the tests read mean what the instructor declared. The kernel records what each
 * instructor (locked) cell declared and the values of its variables right after it ran; before the
 * tests it (1) drops every student declaration or single-type import named like a class the
 * instructor's imports or {@code java.lang} provide (a student {@code class Checks}, or a variable
 * {@code Checks}, would otherwise be what a test's {@code Checks.task(...)} calls), and (2) runs
 * again every instructor cell whose declarations a student cell replaced (a redeclared variable or
 * method) or whose variables now hold another value (an assignment to the held-out speaker: another
 * object, or for strings, numbers and booleans an unequal one), so the tests read the instructor's values.
 */
final class InstructorDeclarations {

    /** One instructor cell: its source, the snippets it made, its variables' values after it ran. */
    private record Cell(String source, List<Snippet> snippets, Map<VarSnippet, Held> values) {
    }

    /** What a variable held: the object itself, or a marker when it could not be read. */
    private record Held(Object value) {
        boolean same(Held now) {
            Object a = value;
            Object b = now.value;
            boolean plain = a instanceof String || a instanceof Number || a instanceof Boolean || a instanceof Character;
            return plain ? a.equals(b) : a == b;
        }
    }

    private static final Object UNREADABLE = new Object();

    private final VariableReader reader;

    /** Reads the object a variable snippet holds now. */
    interface VariableReader {
        Object read(JShell shell, VarSnippet v);
    }

    InstructorDeclarations(VariableReader reader) {
        this.reader = reader;
    }

    private final List<Cell> cells = new ArrayList<>();
    private final Set<Snippet> instructorSnippets = new HashSet<>();

    /** Marks snippets that exist before any student code (the kernel's imports and display functions). */
    void trust(List<Snippet> snippets) {
        instructorSnippets.addAll(snippets);
    }

    void record(JShell shell, String source, List<Snippet> made) {
        Map<VarSnippet, Held> values = new LinkedHashMap<>();
        for (Snippet s : made) {
            if (s instanceof VarSnippet v && shell.status(v).isActive()) {
                values.put(v, value(shell, v));
            }
        }
        cells.add(new Cell(source, List.copyOf(made), values));
        instructorSnippets.addAll(made);
    }

    /**
     * Student declarations (classes, variables) named like a class that an import of the session or
     * {@code java.lang} provides, and student single-type imports that replace such a class with
     * another one; the caller drops them.
     */
    List<DeclarationOrImport> shadowingImports(JShell shell, ClassLookup lookup) {
        List<DeclarationOrImport> out = new ArrayList<>();
        for (Snippet s : shell.snippets().toList()) {
            if (instructorSnippets.contains(s) || !shell.status(s).isActive()) {
                continue;
            }
            List<ImportSnippet> others = shell.imports().filter(i -> i != s && shell.status(i).isActive()).toList();
            if (s instanceof DeclarationSnippet d && s.kind() != Snippet.Kind.METHOD) {
                if (importedClass(d.name(), others, lookup) != null) {
                    out.add(new DeclarationOrImport(s, d.name()));
                }
            } else if (s instanceof ImportSnippet i && !i.isStatic() && !i.fullname().endsWith(".*")) {
                String replaced = importedClass(i.name(), others, lookup);
                if (replaced != null && !replaced.equals(i.fullname())) {
                    out.add(new DeclarationOrImport(s, i.name()));
                }
            }
        }
        return out;
    }

    record DeclarationOrImport(Snippet snippet, String name) {
    }

    /** Sources of the instructor cells to run again, in notebook order, with why. */
    List<String[]> changed(JShell shell) {
        List<String[]> out = new ArrayList<>();
        for (Cell c : cells) {
            String why = null;
            for (Snippet s : c.snippets()) {
                if (!shell.status(s).isActive() && why == null) {
                    why = "replaced " + describe(s);
                }
            }
            for (Map.Entry<VarSnippet, Held> e : c.values().entrySet()) {
                if (why == null && !e.getValue().same(value(shell, e.getKey()))) {
                    why = "changed the value of " + e.getKey().name();
                }
            }
            if (why != null) {
                out.add(new String[] {c.source(), why});
            }
        }
        return out;
    }

    private static String describe(Snippet s) {
        return s instanceof DeclarationSnippet d ? d.name() : s.source().strip();
    }

    /** The class {@code name} means through {@code imports} or java.lang, or null. */
    private static String importedClass(String name, List<ImportSnippet> imports, ClassLookup lookup) {
        for (ImportSnippet i : imports) {
            if (!i.isStatic() && i.name().equals(name)) {
                return i.fullname();
            }
        }
        for (ImportSnippet i : imports) {
            if (!i.isStatic() && i.fullname().endsWith(".*")) {
                String candidate = i.fullname().substring(0, i.fullname().length() - 1) + name;
                if (lookup.exists(candidate)) {
                    return candidate;
                }
            }
        }
        return lookup.exists("java.lang." + name) ? "java.lang." + name : null;
    }

    private Held value(JShell shell, VarSnippet v) {
        try {
            return new Held(shell.status(v).isActive() ? reader.read(shell, v) : UNREADABLE);
        } catch (RuntimeException e) {
            return new Held(UNREADABLE);
        }
    }

    interface ClassLookup {
        boolean exists(String className);
    }
}
