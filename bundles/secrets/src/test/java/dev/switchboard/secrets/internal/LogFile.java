package dev.switchboard.secrets.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The slf4j-simple log of this test run (see simplelogger.properties). */
final class LogFile {

    static final Path PATH = Path.of("target", "secrets-tests.log");

    private LogFile() {
    }

    static String read() throws IOException {
        org.slf4j.LoggerFactory.getLogger(LogFile.class); // makes sure slf4j-simple opened the file
        return Files.exists(PATH) ? Files.readString(PATH, StandardCharsets.UTF_8) : "";
    }
}
