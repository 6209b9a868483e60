package tlkit.harness.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** {@code tests/target/conformance/report.md}: the kit-vs-kernel comparison, rewritten after each notebook. */
final class ConformanceReport {
    static final Path FILE = JupyterKernels.ROOT.resolve("tests/target/conformance/report.md");
    private static final List<Comparison> ROWS = new ArrayList<>();

    private ConformanceReport() {}

    static synchronized void add(Comparison c) throws IOException {
        ROWS.add(c);
        StringBuilder md = new StringBuilder("# The kit's runner vs real Jupyter kernels\n\n")
                .append("Each notebook executed by the kit's runner and by Jupyter (nbclient) under each kernel, same parameters")
                .append(" and seeds. Compared per code cell: the same cells succeed, the same output kinds (stderr excepted),")
                .append(" the same printed numbers (timings, rates and memory excepted; whole numbers exactly, decimals within ")
                .append(Comparison.TOLERANCE).append(" or ").append(Math.round(Comparison.RELATIVE_TOLERANCE * 100))
                .append(" %).\n\n")
                .append("| notebook | kernel | code cells | numbers compared | within tolerance, not equal | differences |\n")
                .append("|---|---|---:|---:|---:|---|\n");
        for (Comparison r : ROWS) {
            md.append("| ").append(r.notebook()).append(" | ").append(r.kernel()).append(" | ").append(r.codeCells())
                    .append(" | ").append(r.numbersCompared()).append(" | ").append(r.withinTolerance()).append(" | ")
                    .append(r.clean() ? "none" : String.join("<br>", r.differences()).replace("|", "\\|")).append(" |\n");
        }
        Files.createDirectories(FILE.getParent());
        Path tmp = FILE.resolveSibling("report.md.tmp");
        Files.writeString(tmp, md, StandardCharsets.UTF_8);
        Files.move(tmp, FILE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
