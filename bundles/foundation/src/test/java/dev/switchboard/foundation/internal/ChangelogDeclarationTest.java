package dev.switchboard.foundation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChangelogDeclarationTest {

    @Test
    void parsesChangelogModuleAndDependencies() {
        ChangelogDeclaration declaration = ChangelogDeclaration.parse(
                "db/changelog/runs/changelog.xml;module=runs;after=identity|integrations");

        assertEquals("db/changelog/runs/changelog.xml", declaration.changelog());
        assertEquals("runs", declaration.module());
        assertEquals(Set.of("identity", "integrations", "foundation"), declaration.after());
    }

    @Test
    void everyModuleButTheFoundationComesAfterTheFoundation() {
        assertEquals(Set.of("foundation"), ChangelogDeclaration.parse("db/changelog/a/changelog.xml;module=a").after());
    }

    @Test
    void theFoundationDependsOnNothing() {
        ChangelogDeclaration declaration = ChangelogDeclaration.parse(
                "db/changelog/foundation/changelog.xml;module=foundation");

        assertEquals("foundation", declaration.module());
        assertEquals(Set.of(), declaration.after());
    }

    @Test
    void toleratesWhitespaceAndEmptyDependencies() {
        ChangelogDeclaration declaration = ChangelogDeclaration.parse(
                " db/changelog/runs/changelog.xml ; module = runs ; after = identity | | skills ");

        assertEquals("db/changelog/runs/changelog.xml", declaration.changelog());
        assertEquals("runs", declaration.module());
        assertEquals(Set.of("identity", "skills", "foundation"), declaration.after());
    }

    @Test
    void aModuleNeverWaitsForItself() {
        assertEquals(Set.of("foundation"),
                ChangelogDeclaration.parse("db/changelog/runs/changelog.xml;module=runs;after=runs").after());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "db/changelog/runs/changelog.xml",
            "db/changelog/runs/changelog.xml;module=",
            "db/changelog/runs/changelog.xml;module=Runs",
            "db/changelog/runs/changelog.xml;module=1runs",
            ";module=runs",
            ""})
    void rejectsAMissingPathOrModuleNamingTheHeaderAndTheValue(String header) {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> ChangelogDeclaration.parse(header));

        assertTrue(thrown.getMessage().startsWith("Switchboard-Changelog needs a changelog path and module="),
                thrown.getMessage());
        assertTrue(thrown.getMessage().contains("'" + header + "'"), thrown.getMessage());
    }

    @Test
    void rejectsAnUnknownAttributeByName() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> ChangelogDeclaration.parse("db/changelog/runs/changelog.xml;module=runs;before=skills"));

        assertEquals("unknown attribute 'before' in Switchboard-Changelog", thrown.getMessage());
    }

    @Test
    void rejectsAClauseWithoutValue() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> ChangelogDeclaration.parse("db/changelog/runs/changelog.xml;module=runs;strict"));

        assertEquals("expected key=value in Switchboard-Changelog but got 'strict'", thrown.getMessage());
    }

    @Test
    void rejectsADependencyThatCannotNameAModule() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> ChangelogDeclaration.parse("db/changelog/runs/changelog.xml;module=runs;after=Identity|skills"));

        assertTrue(thrown.getMessage().contains("'Identity'"), thrown.getMessage());
    }
}
