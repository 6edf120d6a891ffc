package dev.switchboard.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Switchboard node run as a process from a freshly unpacked distribution, as an operator runs it
 * ({@code bin/switchboard run}, which becomes the JVM).
 */
public final class Node implements AutoCloseable {

    /** The initial owner every test node is started with. */
    public static final String OWNER_EMAIL = "owner@it.example";
    public static final String OWNER_PASSWORD = "it-owner-password-1";

    public static final String SECRETS_KEYS = "k1:" + java.util.Base64.getEncoder().encodeToString(
            "switchboard-it-secrets-key-32by!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private final Path home;
    private final int httpPort;
    private final int sshPort;
    private final Map<String, String> environment = new HashMap<>();
    private Process process;

    private Node(Path home, int httpPort, int sshPort) {
        this.home = home;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
    }

    /** Unpacks the distribution named by the {@code switchboard.dist} system property under {@code dir}. */
    public static Node unpack(Path target, String jdbcUrl) {
        Path dir = target.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            String archive = System.getProperty("switchboard.dist");
            if (archive == null || archive.isBlank()) {
                throw new IllegalStateException("system property switchboard.dist (the tar.gz) is not set");
            }
            run(List.of("tar", "xzf", archive, "-C", dir.toString()), dir);
            Path home;
            try (var entries = Files.list(dir)) {
                home = entries.filter(path -> Files.isDirectory(path.resolve("bin"))).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no distribution in " + dir));
            }
            Node node = new Node(home, freePort(), freePort());
            node.environment.put("SWITCHBOARD_DB_URL", jdbcUrl);
            node.environment.put("SWITCHBOARD_HTTP_PORT", Integer.toString(node.httpPort));
            node.environment.put("SWITCHBOARD_SSH_PORT", Integer.toString(node.sshPort));
            node.environment.put("SWITCHBOARD_ADMIN_PASSWORD", "it-" + node.httpPort);
            node.environment.put("SWITCHBOARD_INITIAL_OWNER_EMAIL", OWNER_EMAIL);
            node.environment.put("SWITCHBOARD_INITIAL_OWNER_PASSWORD", OWNER_PASSWORD);
            // every node of a test shares one secrets key, as nodes of one installation must
            node.environment.put("SWITCHBOARD_SECRETS_KEYS", SECRETS_KEYS);
            node.environment.put("SWITCHBOARD_SECRETS_ACTIVE_KEY", "k1");
            node.environment.put("SWITCHBOARD_SUPER_ADMINS", OWNER_EMAIL);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes (or replaces) a file under etc/ before or while the node runs. */
    public Node etcFile(String name, String content) {
        try {
            Files.writeString(home.resolve("etc").resolve(name), content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends lines to a file under etc/. */
    public Node appendEtc(String name, String lines) {
        try {
            Path file = home.resolve("etc").resolve(name);
            Files.writeString(file, Files.readString(file) + "\n" + lines);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Node env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Path home() {
        return home;
    }

    public Path deployDir() {
        return home.resolve("deploy");
    }

    public Http http() {
        return new Http(httpPort);
    }

    /** Logs in as the initial owner and creates an API key; the client sends it. */
    public Http ownerHttp() {
        String credentials = "{\"email\":\"" + OWNER_EMAIL + "\",\"password\":\"" + OWNER_PASSWORD + "\"}";
        // the identity resources may still be registering right after health turned UP
        Http.Response login = org.awaitility.Awaitility.await("login").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> http().post("/api/v1/auth/login", credentials), response -> response.status() != 404
                        && response.status() != 503 && response.status() != -1);
        if (login.status() != 200) {
            throw new IllegalStateException("owner login failed: " + login.status() + " " + login.body());
        }
        return withApiKey(login.setCookie());
    }

    /** Creates an API key with the console session of {@code setCookie}; the client sends it. */
    public Http withApiKey(String setCookie) {
        String cookie = setCookie.split(";", 2)[0];
        Http.Response key = http().post("/api/v1/api-keys", "{\"name\":\"it\"}", cookie);
        if (key.status() != 201) {
            throw new IllegalStateException("API key creation failed: " + key.status() + " " + key.body());
        }
        return http().withBearer(key.json().path("key").asText());
    }

    public int httpPort() {
        return httpPort;
    }

    public Node start() {
        try {
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/switchboard").toString(), "run")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.out").toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9 of the JVM. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Clean stop with bin/switchboard stop; falls back to kill after a timeout. */
    public void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            run(List.of(home.resolve("bin/switchboard").toString(), "stop"), home);
        } catch (IllegalStateException e) {
            // not reachable through the shutdown port: signal instead
            process.destroy();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** The Karaf log so far. */
    public String log() {
        try {
            Path log = home.resolve("data/log/karaf.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String consoleOutput() {
        try {
            Path out = home.resolve("console.out");
            return Files.exists(out) ? Files.readString(out) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    public static Duration timeSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command, Path dir) {
        try {
            Process tool = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(tool.getInputStream().readAllBytes());
            if (!tool.waitFor(120, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
