package tlkit.harness.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StreamTextTest {

    @Test
    void progressFramesCollapseToTheLastFrameAsJupyterStoresThem() {
        assertEquals("epoch 3/3 done\nnext\n",
                StreamText.asJupyterStores("\repoch 1/3\repoch 2/3\repoch 3/3 done\nnext\n"));
    }

    @Test
    void aShorterFrameOverwritesOnlyItsOwnLengthLikeATerminal() {
        assertEquals("abXYZf", StreamText.asJupyterStores("abcdef\rab\rabXYZ"));
    }

    @Test
    void windowsLineEndingsAndPlainTextAreKept() {
        assertEquals("a\nb\n", StreamText.asJupyterStores("a\r\nb\n"));
        assertEquals("no frames here", StreamText.asJupyterStores("no frames here"));
    }
}
