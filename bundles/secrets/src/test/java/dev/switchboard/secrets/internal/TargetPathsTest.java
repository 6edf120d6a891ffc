package dev.switchboard.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TargetPathsTest {

    @Test
    void acceptsRelativePathsInsideTheWorkspace() {
        for (String path : new String[] {".env", ".env.local", "apps/web/.env", "a/b.c/d..e", "x"}) {
            assertTrue(TargetPaths.isValid(path), path);
        }
    }

    @Test
    void rejectsAbsoluteTraversingAndOddPaths() {
        for (String path : new String[] {null, "", " ", "/etc/env", "../.env", "apps/../../x", "..", "a/..",
                "C:\\env", "c:/env", "D:env", "a\\b", "\\\\server\\share", "a//b", "a/", " .env", ".env\n",
                "a/\u0000b", "x".repeat(501)}) {
            assertFalse(TargetPaths.isValid(path), String.valueOf(path));
        }
    }
}
