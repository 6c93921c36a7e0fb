package keystorm.results.report;

import java.io.IOException;

/**
 * A run directory's file that is missing where it is required, or that cannot be read as the file
 * contract says: the message names the file and the line or field, in one line, for the command to
 * print instead of a stack trace.
 */
public final class ReportException extends IOException {
    private final String file;

    public ReportException(String file, String detail) {
        super(file + ": " + detail);
        this.file = file;
    }

    public ReportException(String file, String detail, Throwable cause) {
        super(file + ": " + detail, cause);
        this.file = file;
    }

    /** The file's name within its run directory ({@code history.jsonl}, {@code results.json}...). */
    public String file() {
        return file;
    }
}
