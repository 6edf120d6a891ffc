package dev.switchboard.core.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BundleDiagnosisTest {

    @Test
    void theRootCauseIsTheLastCausedByOfAStackTrace() {
        Exception failure = new RuntimeException("activate failed",
                new IllegalStateException("wrapper", new IllegalArgumentException("api.url is missing")));

        assertEquals("java.lang.IllegalArgumentException: api.url is missing",
                BundleDiagnosis.rootCause(stackTrace(failure)));
    }

    @Test
    void aTraceWithoutCauseIsNamedByItsFirstLine() {
        assertEquals("java.lang.IllegalStateException: no config",
                BundleDiagnosis.rootCause(stackTrace(new IllegalStateException("no config"))));
    }

    @Test
    void theCauseOfASuppressedExceptionIsNotTheRootCause() {
        Exception failure = new RuntimeException("activate failed", new IllegalArgumentException("real cause"));
        failure.addSuppressed(new IllegalStateException("cleanup", new java.io.IOException("close failed")));

        assertEquals("java.lang.IllegalArgumentException: real cause", BundleDiagnosis.rootCause(stackTrace(failure)));
    }

    @Test
    void aMissingFailureIsUnknown() {
        assertEquals("unknown failure", BundleDiagnosis.rootCause(null));
        assertEquals("unknown failure", BundleDiagnosis.rootCause(" \n "));
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
