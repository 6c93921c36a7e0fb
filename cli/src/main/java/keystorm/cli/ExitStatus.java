package keystorm.cli;

/** Exit statuses shared by every subcommand (sysexits.h where one fits). */
public final class ExitStatus {
    public static final int OK = 0;
    /** A checker proved the history invalid. */
    public static final int INVALID = 1;
    /** A checker could not decide. */
    public static final int UNKNOWN = 2;
    /** EX_USAGE: a flag is missing, unknown or malformed. */
    public static final int USAGE = 64;
    /** EX_DATAERR: an input file is malformed. */
    public static final int DATA_ERROR = 65;
    /** EX_NOINPUT: an input file cannot be opened. */
    public static final int NO_INPUT = 66;
    /** EX_UNAVAILABLE: a service could not start (the port is taken), or a target could not be reached. */
    public static final int UNAVAILABLE = 69;
    /** EX_SOFTWARE: keystorm itself failed. */
    public static final int SOFTWARE = 70;
    /** EX_CANTCREAT: an output file or directory cannot be written. */
    public static final int CANNOT_CREATE = 73;

    private ExitStatus() {
    }
}
