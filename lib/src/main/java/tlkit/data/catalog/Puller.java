package tlkit.data.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Downloads catalog items into a cache folder: {@code <cache>/<id>/<file path>}, verified against the
 * manifest's size and SHA-256.
 *
 * <p>Every file is written to {@code <name>.part} and renamed only after its size and checksum match,
 * so an interrupted or corrupt transfer never leaves a file that looks valid. The item is marked complete
 * ({@code <cache>/<id>.complete}, holding the manifest hash) only after every file is verified; a later
 * pull keeps files whose size matches and hashes each of them once before marking. Files come from the
 * mirror when one is set, else from their commit-pinned public URL (course notes from the jar). Without a
 * mirror, derived files (the converted weights) are made from the verified originals, see {@link Deriver}.
 */
public final class Puller {

    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path cache;
    private final Mirror mirror;
    private final UrlRewrite rewrite;
    private final PrintStream progressOut;

    /**
     * @param cache       cache root folder (created when needed)
     * @param mirror      mirror to fetch from, or null to use the public URLs
     * @param rewrite     prefix rewriting applied to every download URL
     * @param progressOut where the progress line goes, or null for silence
     */
    public Puller(Path cache, Mirror mirror, UrlRewrite rewrite, PrintStream progressOut) {
        this.cache = cache.toAbsolutePath().normalize();
        this.mirror = mirror;
        this.rewrite = rewrite;
        this.progressOut = progressOut;
    }

    public Path cache() {
        return cache;
    }

    public Path folder(CatalogItem item) {
        return cache.resolve(item.id());
    }

    private Path marker(CatalogItem item) {
        return cache.resolve(item.id() + ".complete");
    }

    /** True when the item was pulled and verified with the current manifest and no file went missing since. */
    public boolean isComplete(CatalogItem item) {
        Path marker = marker(item);
        try {
            if (!Files.isRegularFile(marker)
                    || !Files.readString(marker, StandardCharsets.UTF_8).strip().equals(item.manifestHash())) {
                return false;
            }
            Path dir = folder(item);
            for (ItemFile f : item.files()) {
                Path p = dir.resolve(f.path());
                if (!Files.isRegularFile(p) || Files.size(p) != f.size()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Pulls the item unless it is already complete; returns what was done. Thread- and process-safe per item. */
    public PullReport pull(CatalogItem item) {
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw new CatalogException("Cannot create the cache folder " + cache + ": " + e
                    + "\nFix: set TLKIT_CACHE (or --cache DIR, or -Dtlkit.cache=DIR) to a writable folder.", e);
        }
        Path lockFile = cache.resolve(item.id() + ".lock");
        synchronized (JVM_LOCKS.computeIfAbsent(lockFile, k -> new Object())) {
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                if (isComplete(item)) {
                    return new PullReport(item.id(), folder(item), 0, 0, 0, 0);
                }
                return pullLocked(item);
            } catch (IOException e) {
                throw new CatalogException("Cannot lock " + lockFile + " to pull '" + item.id() + "': " + e
                        + "\nFix: check that the cache folder is writable (or set TLKIT_CACHE to another folder).", e);
            }
        }
    }

    private PullReport pullLocked(CatalogItem item) throws IOException {
        Path dir = folder(item);
        Files.deleteIfExists(marker(item));
        List<ItemFile> toFetch = new ArrayList<>();
        List<ItemFile> toVerify = new ArrayList<>();
        List<ItemFile> toDerive = new ArrayList<>();
        for (ItemFile f : item.files()) {
            Path p = target(item, dir, f);
            if (mirror == null && item.derived(f.path()).isPresent()) {
                toDerive.add(f);
            } else if (Files.isRegularFile(p) && Files.size(p) == f.size()) {
                toVerify.add(f);
            } else {
                toFetch.add(f);
            }
        }
        if (mirror == null) {
            requirePublicUrls(item, toFetch);
        }
        Files.createDirectories(dir);
        deleteStaleParts(dir);

        PullStatus progress = new PullStatus(progressOut, item.id(), item.files().size(), item.totalBytes());
        int fetched = 0;
        long bytesFetched = 0;
        for (ItemFile f : toFetch) {
            fetch(item, f, target(item, dir, f), progress);
            fetched++;
            bytesFetched += f.size();
        }
        int kept = 0;
        for (ItemFile f : toVerify) {
            Path p = target(item, dir, f);
            if (Sha256.of(p).equals(f.sha256())) {
                progress.bytes(f.size());
                progress.fileDone();
                kept++;
            } else {
                Files.delete(p);
                fetch(item, f, p, progress);
                fetched++;
                bytesFetched += f.size();
            }
        }
        int derived = 0;
        for (ItemFile f : toDerive) {
            Path p = target(item, dir, f);
            if (Files.isRegularFile(p) && Files.size(p) == f.size() && Sha256.of(p).equals(f.sha256())) {
                kept++;
            } else {
                Files.deleteIfExists(p);
                derive(item, item.derived(f.path()).orElseThrow(), f, dir, p, progress);
                derived++;
            }
            progress.bytes(f.size());
            progress.fileDone();
        }
        writeAtomically(marker(item), item.manifestHash() + "\n");
        progress.finish(fetched + derived == 0 ? "verified" : "done");
        return new PullReport(item.id(), dir, fetched, kept, bytesFetched, derived);
    }

    private void derive(CatalogItem item, DerivedFile spec, ItemFile f, Path dir, Path target, PullStatus progress) {
        long start = System.nanoTime();
        try {
            Deriver.derive(item, spec, f, dir, target);
        } catch (Deriver.Failure | IOException e) {
            throw new CatalogException("Could not pull '" + item.id() + "': deriving '" + f.path() + "' from "
                    + String.join(" + ", spec.from()) + " (" + spec.by() + ") failed: " + e.getMessage()
                    + ". Nothing was written for this file; the verified originals stay in " + dir + "."
                    + "\nFix: run `./kit pull " + item.id() + "` again (it retries the conversion); if it fails the same way,"
                    + " the kit and data/catalog.json disagree: rebuild the kit (./kit build) from an unmodified checkout,"
                    + " or pull the item from the course mirror (--mirror DIR_OR_URL or TLKIT_MIRROR) and tell the course staff.", e);
        }
        progress.note(String.format(Locale.ROOT, "  derived %s from %s (%s) in %.2f s",
                f.path(), spec.from().get(0), spec.by(), (System.nanoTime() - start) / 1e9));
    }

    private void requirePublicUrls(CatalogItem item, List<ItemFile> toFetch) {
        List<String> missing = toFetch.stream().map(ItemFile::path)
                .filter(p -> item.publicUrl(p).isEmpty() && item.courseNoteResource(p).isEmpty()
                        && item.derived(p).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new CatalogException("Cannot pull '" + item.id() + "' without a mirror: " + missing.size()
                    + " file(s) have no public URL (" + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                    + (missing.size() > 5 ? ", ..." : "") + "): " + item.mirrorOnlyWhy() + "."
                    + "\nFix: point the puller at the course mirror: ./kit pull --mirror DIR_OR_URL " + item.id()
                    + ", or set TLKIT_MIRROR (in a notebook: System.setProperty(\"tlkit.mirror\", \"DIR_OR_URL\")).");
        }
    }

    private Path target(CatalogItem item, Path dir, ItemFile f) {
        Path p = dir.resolve(f.path()).normalize();
        if (!p.startsWith(dir) || p.equals(dir)) {
            throw new CatalogException("Manifest of '" + item.id() + "' has an unsafe path '" + f.path() + "'."
                    + "\nFix: correct data/manifests/" + item.id() + ".* (paths must stay inside the item folder).");
        }
        return p;
    }

    private void fetch(CatalogItem item, ItemFile f, Path target, PullStatus progress) {
        String location = location(item, f);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        MessageDigest digest = Sha256.newDigest();
        long count = 0;
        try {
            Files.createDirectories(target.getParent());
            try (InputStream in = Transport.open(location);
                 OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                         StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    digest.update(buf, 0, n);
                    count += n;
                    progress.bytes(n);
                    if (count > f.size()) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            deleteQuietly(part);
            String what = e instanceof NoSuchFileException ? "does not exist"
                    : e instanceof SocketTimeoutException ? "timed out: the server sent no data for "
                    + Transport.readTimeoutMs() / 1000.0 + " s after " + count + " of " + f.size() + " bytes"
                    + " (" + e.getMessage() + "; the limit is -D" + Transport.READ_TIMEOUT_PROPERTY + ", in ms)"
                    : count == 0 ? "could not be read (" + e + ")"
                    : "broke off after " + count + " of " + f.size() + " bytes (" + e + ")";
            throw failure(item, f, location, what, transferFix(item, e), e);
        }
        String actual = Sha256.hex(digest);
        if (count != f.size() || !actual.equals(f.sha256())) {
            deleteQuietly(part);
            String what = count != f.size()
                    ? "has " + (count > f.size() ? "more than " : "") + count + " bytes, the catalog expects " + f.size()
                    : "has SHA-256 " + actual + ", the catalog expects " + f.sha256();
            throw failure(item, f, location, what, checksumFix(item), null);
        }
        try {
            moveAtomically(part, target);
        } catch (IOException e) {
            deleteQuietly(part);
            throw failure(item, f, location, "was verified but could not be renamed into place (" + e + ")",
                    "check that the cache folder " + cache + " is writable, then run `./kit pull " + item.id() + "` again.", e);
        }
        progress.fileDone();
    }

    /** Course notes always come from the jar (the mirror holds the same bytes); anything else from the mirror, else its public URL. */
    private String location(CatalogItem item, ItemFile f) {
        Optional<String> note = item.courseNoteResource(f.path());
        if (note.isPresent()) {
            return Transport.CLASSPATH + note.get();
        }
        return rewrite.apply(mirror != null ? mirror.location(item, f) : item.publicUrl(f).orElseThrow());
    }

    private String transferFix(CatalogItem item, IOException e) {
        String again = "run `./kit pull " + item.id() + "` again (files already verified are kept).";
        if (mirror != null && !mirror.isHttp()) {
            return "check that the mirror " + mirror + " is the course data folder (it holds SHA256SUMS, models/, images/, text/, fsdd/) and is complete, then " + again;
        }
        if (mirror != null) {
            return "check that the mirror server " + mirror + " is running and reachable, then " + again;
        }
        return "check the internet connection, then " + again
                + " Offline or on weak Wi-Fi, use a local copy: --mirror DIR_OR_URL or TLKIT_MIRROR.";
    }

    private String checksumFix(CatalogItem item) {
        if (mirror != null) {
            return "the mirror copy is corrupt or outdated: restore it from the course data (check it with"
                    + " `sha256sum -c SHA256SUMS` in the mirror folder) or use another mirror, then run `./kit pull "
                    + item.id() + "` again.";
        }
        return "the download was altered or the upstream file changed: run `./kit pull " + item.id()
                + "` again; if it persists, pull from the course mirror (--mirror DIR_OR_URL or TLKIT_MIRROR) and tell the course staff.";
    }

    private CatalogException failure(CatalogItem item, ItemFile f, String location, String what, String fix, Throwable cause) {
        return new CatalogException("Could not pull '" + item.id() + "': file '" + f.path() + "' from " + location + " "
                + what + ". Nothing was kept for this file; verified files stay in " + folder(item) + "."
                + "\nFix: " + fix, cause);
    }

    private static void deleteStaleParts(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".part")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        moveAtomically(tmp, file);
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // keep reporting the original failure: a leftover *.part never counts as a file and is removed by the next pull
        }
    }
}
