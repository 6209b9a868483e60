package tlkit.harness.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grader's small parts on their own: sandbox detection, snapshots, escaping and file names. */
class GraderPartsTest {

    @TempDir
    Path tmp;

    @Test
    void withoutBubblewrapTheSandboxRefusesAndSaysHowToInstallIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Sandbox.detect(tmp, tmp.resolve("no-bin").toString()));
        assertTrue(e.getMessage().contains("apt-get install bubblewrap"), e.getMessage());
    }

    @Test
    void theStudentViewOfAnItemLacksItsHeldOutFilesAndTheHomeworkNotebooksNameThem() throws Exception {
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("fsdd/recordings"));
        for (String speaker : List.of("george", "nicolas")) {
            for (int i = 0; i < 3; i++) {
                Files.writeString(cache.resolve("fsdd/recordings/1_" + speaker + "_" + i + ".wav"), speaker + i);
            }
        }
        Files.writeString(cache.resolve("fsdd/LICENSE"), "cc");
        try (HeldOutData held = new HeldOutData(Map.of("fsdd", "recordings/[0-9]_nicolas_[0-9]+\\.wav"), cache)) {
            assertEquals(List.of("recordings/1_nicolas_0.wav", "recordings/1_nicolas_1.wav", "recordings/1_nicolas_2.wav"),
                    held.files().stream().map(HeldOutData.HeldOutFile::path).toList());
            Path view = held.views().get("fsdd");
            assertEquals(List.of("LICENSE", "recordings/1_george_0.wav", "recordings/1_george_1.wav", "recordings/1_george_2.wav"),
                    HeldOutData.relativeFiles(view));
            assertEquals("george0", Files.readString(view.resolve("recordings/1_george_0.wav")));
        }
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> new HeldOutData(Map.of("fsdd", "recordings/.*_theo_.*"), cache).files());
        assertTrue(none.getMessage().contains("matches"), none.getMessage());
        Path root = Path.of(System.getProperty("tlkit.root", "..")).toAbsolutePath().normalize();
        assertEquals(Map.of("hymenoptera", "val/.*"), Assignment.find(root, "hw1").heldOut());
        assertEquals(Map.of(), Assignment.find(root, "hw2").heldOut());
        assertEquals(Map.of("fsdd", "recordings/[0-9]_nicolas_[0-9]+\\.wav"), Assignment.find(root, "hw3").heldOut());
    }

    @Test
    void withoutTheSandboxTheGraderSaysWhatIsUnprotected() {
        List<String> open = new Unconfined(tmp).unprotected();
        assertTrue(open.stream().anyMatch(u -> u.contains("setsid")), open.toString());
        assertTrue(open.stream().anyMatch(u -> u.contains("solutions/")), open.toString());
    }

    @Test
    void snapshotsTakeRegularFilesOnlyAndRejectLinksPipesAndOversizeFiles() throws Exception {
        Path subs = tmp.resolve("subs");
        Files.createDirectories(subs.resolve("deep"));
        Files.writeString(subs.resolve("deep/ok.ipynb"), "{}");
        Path secret = Files.writeString(tmp.resolve("solution.ipynb"), "the solution");
        Files.createSymbolicLink(subs.resolve("link.ipynb"), secret);
        Process mkfifo = new ProcessBuilder("mkfifo", subs.resolve("pipe.ipynb").toString()).start();
        assertEquals(0, mkfifo.waitFor());
        try (var big = Files.newByteChannel(subs.resolve("big.ipynb"), java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            big.position(Snapshot.MAX_BYTES).write(java.nio.ByteBuffer.wrap(new byte[] {1}));
        }
        Map<String, Snapshot.Entry> e;
        try (Snapshot s = Snapshot.take(subs)) {
            e = s.entries().stream().collect(Collectors.toMap(Snapshot.Entry::name, Function.identity()));
            assertNull(e.get("deep/ok").rejected());
            assertEquals("{}", Files.readString(e.get("deep/ok").copy()));
            Files.writeString(subs.resolve("deep/ok.ipynb"), "changed later");
            assertEquals("{}", Files.readString(e.get("deep/ok").copy()), "the copy does not follow the original");
        }
        assertTrue(e.get("link").rejected().contains("symbolic link"));
        assertTrue(e.get("pipe").rejected().contains("not a regular file"));
        assertTrue(e.get("big").rejected().contains("over the limit"));
        assertTrue(Files.notExists(e.get("deep/ok").copy()), "the snapshot folder is deleted when closed");
    }

    @Test
    void feedbackFileNamesAreUniqueAndReversible() {
        List<String> names = List.of("a/x", "a_x", "a%2Fx", "..", ".hidden", "ñandú/tarea 1", "x\u001b[2J", "a+b");
        List<String> files = names.stream().map(Escapes::fileName).toList();
        assertEquals(names.size(), files.stream().distinct().count(), files.toString());
        for (int i = 0; i < names.size(); i++) {
            String f = files.get(i);
            assertTrue(f.matches("[A-Za-z0-9._%-]+") && !f.startsWith("."), f);
            assertEquals(names.get(i), Escapes.submissionName(f));
        }
        assertNotEquals(Escapes.fileName("a/x"), Escapes.fileName("a_x"));
    }

    @Test
    void controlAndInvisibleCharactersAreShownNotObeyed() {
        assertEquals("a\\u000d\\u000ab\\u001b[2J\\u202e", Escapes.visible("a\r\nb\u001b[2J\u202e", false));
        assertEquals("line 1\nline 2\\u0007", Escapes.visible("line 1\nline 2\u0007", true));
    }
}
