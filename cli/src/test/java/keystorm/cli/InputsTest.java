package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The words and statuses every command uses for an input it cannot read. */
class InputsTest {
    @Test
    void describesWhyAFileCannotBeReadWithoutTheExceptionsName() {
        assertThat(Inputs.describe(new NoSuchFileException("a.json"))).isEqualTo("no such file");
        assertThat(Inputs.describe(new AccessDeniedException("a.json"))).isEqualTo("permission denied");
        assertThat(Inputs.describe(new MalformedInputException(1))).isEqualTo("not UTF-8 text");
        assertThat(Inputs.describe(new IOException("Is a directory"))).isEqualTo("a directory, not a file");
        assertThat(Inputs.status(new MalformedInputException(1))).isEqualTo(ExitStatus.DATA_ERROR);
        assertThat(Inputs.status(new NoSuchFileException("a.json"))).isEqualTo(ExitStatus.NO_INPUT);
    }

    @Test
    void plainDropsJavaClassNamesAndKeepsTheWords() {
        assertThat(Inputs.plain("DeleteTable failed: java.io.IOException: FAILED: ConnectFailed: "
                + "io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /127.0.0.1:1"))
                .isEqualTo("DeleteTable failed: FAILED: ConnectFailed: Connection refused: /127.0.0.1:1");
        assertThat(Inputs.plain("a bank needs at least 2 accounts (see keystorm.md)")).isEqualTo(
                "a bank needs at least 2 accounts (see keystorm.md)");
    }

    @Test
    void cleanTurnsJacksonsSourceLocationIntoALine() {
        assertThat(Inputs.clean("Unexpected end-of-input: expected close marker for Object (start marker at [Source: "
                + "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 40205, column: 1])"))
                .isEqualTo("Unexpected end-of-input: expected close marker for Object (opened at line 40205, column 1)");
    }
}
