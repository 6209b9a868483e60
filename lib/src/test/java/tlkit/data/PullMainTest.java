package tlkit.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PullMainTest {

    @TempDir
    Path cache;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return PullMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pullNamedItemsFromMirrorOptionThenListShowsThemPresent() {
        int status = run("--mirror", TestMirror.dir().toString(), "--cache", cache.toString(), "sms-spam", "sst2");

        assertEquals(0, status, err());
        assertTrue(Files.isRegularFile(cache.resolve("sms-spam/SMSSpamCollection")));
        assertTrue(Files.isRegularFile(cache.resolve("sst2/train.tsv")));
        assertTrue(out().contains("pulling sms-spam"), "progress line expected: " + out());

        out.reset();
        assertEquals(0, run("--cache", cache.toString(), "--list"));
        String[] lines = out().split("\n");
        assertEquals(2 + 9, lines.length, out());
        assertTrue(out().matches("(?s).*\nsms-spam +dataset +2 +0\\.5 +yes +CC-BY-4\\.0\n.*"), out());
        assertTrue(out().matches("(?s).*\nfsdd +dataset +3001 +21\\.1 +no +CC-BY-SA-4\\.0\n.*"), out());
    }

    @Test
    void listShowsTheUrlRewriteInForce() {
        String old = System.getProperty("tlkit.urlRewrite");
        System.setProperty("tlkit.urlRewrite", "https://github.com/=http://127.0.0.1:8000/");
        try {
            assertEquals(0, run("--cache", cache.toString(), "--list"));
        } finally {
            if (old == null) {
                System.clearProperty("tlkit.urlRewrite");
            } else {
                System.setProperty("tlkit.urlRewrite", old);
            }
        }
        assertTrue(out().lines().findFirst().orElseThrow().contains("url rewrite: https://github.com/ -> http://127.0.0.1:8000/"), out());
    }

    @Test
    void unknownIdExitsNonZeroAndListsKnownIds() {
        assertEquals(1, run("--cache", cache.toString(), "--list", "imagenet"));
        assertTrue(err().contains("Unknown catalog id 'imagenet'"), err());
        assertTrue(err().contains("hymenoptera"), err());
    }

    @Test
    void unknownOptionOrMissingValueIsAUsageError() {
        assertEquals(2, run("--mirorr", "x"));
        assertEquals(2, run("--mirror"));
        assertTrue(err().contains("usage: ./kit pull"), err());
    }

    @Test
    void failedPullExitsNonZeroNamingTheItem(@TempDir Path emptyMirror) {
        assertEquals(1, run("--mirror", emptyMirror.toString(), "--cache", cache.toString(), "sms-spam"));
        assertTrue(err().contains("file 'LICENSE'"), err());
        assertTrue(err().contains("does not exist"), err());
        assertTrue(err().contains("failed: sms-spam"), err());
    }
}
