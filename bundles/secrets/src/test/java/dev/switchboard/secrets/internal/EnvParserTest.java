package dev.switchboard.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.secrets.internal.EnvParser.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvParserTest {

    @Test
    void readsPlainAssignments() {
        assertEquals(List.of(new Entry("A", "1", 1), new Entry("B_2", "two words", 2), new Entry("_C", "", 3)),
                EnvParser.parse("A=1\nB_2 = two words  \n_C=\n"));
    }

    @Test
    void skipsBlankLinesAndComments() {
        assertEquals(List.of(new Entry("A", "1", 3), new Entry("B", "2", 6)),
                EnvParser.parse("# header\n\nA=1\n   \n  # indented comment\nB=2"));
    }

    @Test
    void stripsInlineCommentsFromUnquotedValuesOnly() {
        assertEquals(List.of(new Entry("A", "value", 1), new Entry("B", "a#b", 2), new Entry("C", "x # y", 3),
                        new Entry("D", "", 4)),
                EnvParser.parse("A=value # note\nB=a#b\nC=\"x # y\" # note\nD=# only a comment"));
    }

    @Test
    void acceptsTheExportPrefix() {
        assertEquals(List.of(new Entry("A", "1", 1), new Entry("exported", "2", 2)),
                EnvParser.parse("export A=1\nexported=2"));
    }

    @Test
    void doubleQuotesUnderstandEscapes() {
        assertEquals("line1\nline2\ttab \"quoted\" back\\slash $HOME \\q",
                EnvParser.parse("A=\"line1\\nline2\\ttab \\\"quoted\\\" back\\\\slash \\$HOME \\q\"").get(0).value());
    }

    @Test
    void singleQuotesAreLiteral() {
        assertEquals("no \\n escapes $HOME \"here\"", EnvParser.parse("A='no \\n escapes $HOME \"here\"'").get(0).value());
    }

    @Test
    void quotedValuesMaySpanLines() {
        String text = "A=1\nKEY=\"-----BEGIN KEY-----\nabc\n-----END KEY-----\"\nB='x\ny'\nC=3\n";

        assertEquals(List.of(new Entry("A", "1", 1), new Entry("KEY", "-----BEGIN KEY-----\nabc\n-----END KEY-----", 2),
                new Entry("B", "x\ny", 5), new Entry("C", "3", 7)), EnvParser.parse(text));
    }

    @Test
    void windowsLineEndingsAreLineEndings() {
        assertEquals(List.of(new Entry("A", "1", 1), new Entry("B", "2", 2)), EnvParser.parse("A=1\r\nB=2\r\n"));
    }

    @Test
    void anEmptyTextHasNoEntries() {
        assertEquals(List.of(), EnvParser.parse(""));
        assertEquals(List.of(), EnvParser.parse("\n# nothing\n\n"));
    }

    @Test
    void malformedLinesAreReportedByNumberWithoutTheirText() {
        assertLineError("A=1\nthis line has no equals sign SECRETVALUE\n", 2);
        assertLineError("A=1\n\n1BAD=SECRETVALUE", 3);
        assertLineError("BAD-KEY=SECRETVALUE", 1);
        assertLineError("=SECRETVALUE", 1);
        assertLineError("A=1\nB=\"SECRETVALUE never closed\nC=3", 2);
        assertLineError("A='SECRETVALUE'trailing", 1);
        assertLineError("A=1\nB=\"multi\nline\" SECRETVALUE\n", 3);
        assertLineError("export=1\nexport  =2", 2); // "export" alone is a key; a blank key is not
        assertLineError("K" + "x".repeat(200) + "=SECRETVALUE", 1);
    }

    @Test
    void aKeyGivenTwiceIsReportedOnItsSecondLine() {
        EnvParseException thrown = assertThrows(EnvParseException.class, () -> EnvParser.parse("A=1\nB=2\nA=SECRETVALUE"));

        assertEquals(3, thrown.line());
        assertEquals("line 3: key A was already set on line 1", thrown.getMessage());
    }

    private static void assertLineError(String text, int line) {
        EnvParseException thrown = assertThrows(EnvParseException.class, () -> EnvParser.parse(text), text);
        assertEquals(line, thrown.line(), text);
        assertFalse(thrown.getMessage().contains("SECRETVALUE"), thrown.getMessage());
    }
}
