package tlkit.audio;

import java.nio.file.Path;

/** A WAV file could not be used: the message names the file, the reason and what to do. */
public class AudioFileException extends RuntimeException {

    public AudioFileException(Path file, String reason, String whatToDo, Throwable cause) {
        super("Cannot read audio file " + file + ": " + reason + ". " + whatToDo, cause);
    }
}
