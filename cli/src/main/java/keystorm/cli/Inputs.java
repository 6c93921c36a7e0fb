package keystorm.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * An input file that could not be read, in the words and the exit status every command uses: a
 * file that is missing, a directory, or unreadable cannot be opened (66); one whose bytes are not
 * UTF-8 text is malformed (65).
 */
final class Inputs {
    private Inputs() {
    }

    /** Why the file could not be read, without the exception's class or the path again. */
    static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> "no such file";
            case AccessDeniedException denied -> "permission denied";
            case CharacterCodingException coding -> "not UTF-8 text";
            case FileSystemException other when other.getReason() != null -> other.getReason().equals("Is a directory")
                    ? "a directory, not a file" : other.getReason();
            default -> e.getMessage() != null && e.getMessage().endsWith("Is a directory") ? "a directory, not a file"
                    : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    /** {@link ExitStatus#DATA_ERROR} for bytes that are not text, {@link ExitStatus#NO_INPUT} otherwise. */
    static int status(IOException e) {
        return e instanceof CharacterCodingException ? ExitStatus.DATA_ERROR : ExitStatus.NO_INPUT;
    }

    /**
     * A message for a person: without the Java class names that exceptions put in front of their
     * messages ("java.io.IOException: ", "io.netty.channel.AbstractChannel$AnnotatedConnectException: ").
     */
    static String plain(String message) {
        return message == null ? null
                : message.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*(?:\\$[A-Za-z0-9_]+)*(?:Exception|Error): ?", "");
    }

    /**
     * A parser's message without Jackson's location noise: "(start marker at [Source: REDACTED
     * ...; line: 3, column: 1])" becomes "(opened at line 3, column 1)".
     */
    static String clean(String message) {
        return message == null ? null : message.replaceAll(
                "\\(start marker at \\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]\\)", "(opened at line $1, column $2)");
    }
}
