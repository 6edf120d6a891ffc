import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load generator of bench/ingest. Single-file source program; needs only the JDK and the PostgreSQL JDBC driver
 * on the class path ({@code java -cp postgresql.jar IngestLoad.java --url ... }).
 *
 * <p>For each concurrency C it runs two phases of the same length, one after the other:
 * <ul>
 *   <li><b>http</b>: C threads, each with its own keep-alive connection, post distinct signed JSON deliveries
 *       ({@code X-Webhook-Signature: sha256=<hex HMAC-SHA256 of the body>}) to the trigger's webhook URL, back to
 *       back (closed loop); latency is from sending a request to the last byte of its answer;</li>
 *   <li><b>direct</b>: C threads, each with its own JDBC connection, insert what the engine inserts for one
 *       delivery — a trigger_events row, its automation_runs row and its outbox row, the engine's statements, one
 *       transaction per event — with the same payloads, into the same database, for the same trigger.</li>
 * </ul>
 * Afterwards it counts the rows of each kind that belong to the trigger and compares them with the accepted
 * deliveries, and prints the ratio http rate / direct rate per concurrency.
 */
public class IngestLoad {

    private static final Pattern PROBLEM_CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");
    private static final String HTTP_DEDUP_PREFIX = "custom:sha256:";   // CustomTriggerSource, no Idempotency-Key
    private static final String DIRECT_DEDUP_PREFIX = "bench-direct:sha256:";
    private static final String EVENT_TYPE = "issues";
    private static final String OUTBOX_KIND = "enqueue_enrich";       // RunHandoff.ENQUEUE_ENRICH
    private static final String SECRET_VARIABLE = "BENCH_WEBHOOK_SECRET";

    // the engine's statements (TriggerEventMapper.insert, RunMapper.insert, OutboxMapper.insert)
    private static final String INSERT_EVENT = "INSERT INTO trigger_events (id, trigger_id, organization_id,"
            + " external_event_id, event_type, status, skip_reason, dedup_key, raw_payload, parsed_context, error_message,"
            + " next_attempt_at, processed_at) VALUES (?, ?, ?, ?, ?, 'queued', NULL, ?, CAST(? AS jsonb), CAST(? AS jsonb),"
            + " NULL, NULL, NULL) ON CONFLICT (trigger_id, dedup_key) DO NOTHING";
    private static final String INSERT_RUN = "INSERT INTO automation_runs (id, organization_id, automation_id, source,"
            + " trigger_id, trigger_event_id, schedule_id, dedup_key) SELECT ?, a.organization_id, a.id, 'trigger', ?, ?,"
            + " NULL, ? FROM automations a WHERE a.organization_id = ? AND a.id = ?"
            + " ON CONFLICT (organization_id, dedup_key) DO NOTHING";
    private static final String INSERT_OUTBOX = "INSERT INTO outbox (id, organization_id, kind, payload)"
            + " VALUES (?, ?, ?, CAST(? AS jsonb))";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        new IngestLoad(options).run();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--concurrency", "16,64");
        options.put("--seconds", "12");
        options.put("--warmup-seconds", "40");
        options.put("--direct-warmup-seconds", "5");
        options.put("--pause", "2");
        options.put("--timeout", "10");
        options.put("--db-user", "postgres");
        options.put("--server-pid", "0");
        options.put("--clk-tck", "100");
        options.put("--target-ratio", "50");
        options.put("--http-client", "socket");
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("bad option " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--url", "--jdbc", "--org", "--trigger", "--automation")) {
            if (!options.containsKey(required)) {
                usage(required + " is required");
            }
        }
        if (System.getenv(SECRET_VARIABLE) == null || System.getenv(SECRET_VARIABLE).isEmpty()) {
            usage("the trigger's webhook secret must be in the environment variable " + SECRET_VARIABLE);
        }
        return options;
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: " + SECRET_VARIABLE + "=... [PGPASSWORD=...] java -cp postgresql.jar"
                + " IngestLoad.java --url WEBHOOK_URL --jdbc JDBC_URL --org ORG_ID --trigger TRIGGER_ID"
                + " --automation AUTOMATION_ID [--db-user postgres] [--concurrency 16,64] [--seconds 15]"
                + " [--warmup-seconds 40] [--direct-warmup-seconds 5] [--pause 2] [--timeout 10] [--server-pid PID]"
                + " [--clk-tck 100]"
                + " [--target-ratio 50] [--http-client socket|jdk]");
        System.exit(2);
    }

    private final Map<String, String> options;
    private final URI webhook;
    private final byte[] secret;
    private final UUID organizationId;
    private final UUID triggerId;
    private final UUID automationId;
    private final Duration timeout;
    private final Payloads payloads = new Payloads();
    private final HttpClient client;
    /** {@code socket} (default): a plain HTTP/1.1 client on a socket per worker; {@code jdk}: java.net.http. */
    private final String httpClient;
    private final Cpu cpu;
    private long httpAccepted;
    private long httpUnknown;
    private long directInserted;

    IngestLoad(Map<String, String> options) {
        this.options = options;
        this.webhook = URI.create(options.get("--url"));
        String host = webhook.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host) && !"[::1]".equals(host)) {
            usage("loopback only: " + webhook);
        }
        this.secret = System.getenv(SECRET_VARIABLE).getBytes(StandardCharsets.UTF_8);
        this.organizationId = UUID.fromString(options.get("--org"));
        this.triggerId = UUID.fromString(options.get("--trigger"));
        this.automationId = UUID.fromString(options.get("--automation"));
        this.timeout = Duration.ofSeconds(Long.parseLong(options.get("--timeout")));
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.httpClient = options.getOrDefault("--http-client", "socket");
        if (!List.of("socket", "jdk").contains(httpClient)) {
            usage("--http-client: socket or jdk");
        }
        this.cpu = new Cpu(Long.parseLong(options.get("--server-pid")), Integer.parseInt(options.get("--clk-tck")));
    }

    void run() throws Exception {
        int[] levels = Arrays.stream(options.get("--concurrency").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(options.get("--seconds"));
        int warmup = Integer.parseInt(options.get("--warmup-seconds"));
        int directWarmup = Integer.parseInt(options.get("--direct-warmup-seconds"));
        long pauseMillis = Long.parseLong(options.get("--pause")) * 1000L;
        System.out.printf(Locale.ROOT, "payload: GitHub-issue-like JSON, %d-%d bytes, distinct per delivery;"
                        + " concurrency %s, %d s per phase, warm-up %d s (http) + %d s (direct); http client %s%n",
                payloads.issue(0).length(), payloads.issue(Long.MAX_VALUE / 2).length(), options.get("--concurrency"),
                seconds, warmup, directWarmup, httpClient);
        probe();
        System.out.println();
        System.out.println(Phase.HEADER);
        if (warmup > 0) {
            System.out.println(http(levels[0], warmup).row("http warm-up"));
        }
        if (directWarmup > 0) {
            System.out.println(direct(levels[0], directWarmup).row("direct warm-up"));
        }
        Thread.sleep(pauseMillis);
        Map<Integer, double[]> rates = new TreeMap<>();
        for (int level : levels) {
            Phase http = http(level, seconds);
            System.out.println(http.row("http"));
            Thread.sleep(pauseMillis);
            Phase direct = direct(level, seconds);
            System.out.println(direct.row("direct"));
            Thread.sleep(pauseMillis);
            rates.put(level, new double[] {http.rate(), direct.rate()});
        }
        System.out.println();
        System.out.println("  http: deliveries answered 200 with \"events\":1 per second; latency from sending to the"
                + " last byte of the answer");
        System.out.println("  direct: committed event+run+outbox transactions per second; latency of one transaction");
        System.out.println("  CPU%: of one core during the phase; sv = Karaf JVM, cl = this generator, all = whole"
                + " machine (2 cores = 200; PostgreSQL is in all)");
        System.out.println("  CPU ms/ev: CPU time of the whole machine (all) and of the Karaf JVM (sv) per ok event;"
                + " WAL/ev: KiB of WAL the PostgreSQL server wrote per ok event");
        System.out.println();
        boolean consistent = verify();
        System.out.println();
        double target = Double.parseDouble(options.get("--target-ratio"));
        System.out.printf(Locale.ROOT, "HTTP ingress rate / direct insert rate (target >= %.0f %%):%n", target);
        rates.forEach((level, pair) -> System.out.printf(Locale.ROOT,
                "  concurrency %3d: http %8.1f webhooks/s   direct %8.1f inserts/s   ratio %5.1f %%  -> %s%n", level,
                pair[0], pair[1], 100 * pair[0] / pair[1], 100 * pair[0] / pair[1] >= target ? "met" : "NOT met"));
        System.exit(consistent ? 0 : 3);
    }

    // ---- http ------------------------------------------------------------------------------------------------

    /** One delivery by hand, so that a broken setup shows its answer instead of thousands of failures. */
    private void probe() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(delivery(hmac(secret), payloads.issue(payloads.next())),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("probe: " + response.statusCode() + " " + response.body());
        if (response.statusCode() != 200 || !response.body().contains("\"events\":1")) {
            System.exit(4);
        }
        httpAccepted++;
    }

    private HttpRequest delivery(Mac mac, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(webhook).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Event-Type", EVENT_TYPE)
                .header("X-Webhook-Signature", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private Phase http(int concurrency, int seconds) throws InterruptedException {
        Phase phase = new Phase(concurrency, cpu.sample(), walPosition());
        long end = phase.start + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(start("http-" + i, () -> {
                if ("jdk".equals(httpClient)) {
                    httpWorker(phase, end);
                } else {
                    socketWorker(phase, end);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        phase.finish(cpu.sample(), walPosition());
        httpAccepted += phase.ok.sum();
        httpUnknown += phase.unknown.sum();
        return phase;
    }

    private void httpWorker(Phase phase, long end) {
        Mac mac = hmac(secret);
        Recorder recorder = phase.recorder();
        while (System.nanoTime() < end) {
            HttpRequest request = delivery(mac, payloads.issue(payloads.next()));
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                recorder.add(System.nanoTime() - sent);
                String answer = response.body();
                if (response.statusCode() == 200 && answer.contains("\"events\":1")) {
                    phase.ok.increment();
                } else {
                    Matcher code = PROBLEM_CODE.matcher(answer);
                    phase.other(response.statusCode() + (code.find() ? " " + code.group(1)
                            : answer.contains("\"duplicate\":true") ? " duplicate" : ""));
                }
            } catch (IOException e) {
                // the engine may still have stored it: counted apart, so the row check can allow for it
                recorder.add(System.nanoTime() - sent);
                phase.unknown.increment();
                phase.other(e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The same deliveries over a plain HTTP/1.1 keep-alive socket: the JDK client costs the generator about 0.45 ms
     * of CPU per delivery (the JDBC generator 0.18 ms per event), CPU the engine then lacks on a 2-core machine.
     */
    private void socketWorker(Phase phase, long end) {
        Mac mac = hmac(secret);
        Recorder recorder = phase.recorder();
        RawHttp connection = null;
        while (System.nanoTime() < end) {
            byte[] body = payloads.issue(payloads.next()).getBytes(StandardCharsets.UTF_8);
            String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            long sent = System.nanoTime();
            try {
                if (connection == null) {
                    connection = new RawHttp(webhook, timeout);
                }
                RawHttp.Answer response = connection.post(body, signature);
                recorder.add(System.nanoTime() - sent);
                if (response.closed()) {
                    connection.close();
                    connection = null;
                }
                String answer = response.body();
                if (response.status() == 200 && answer.contains("\"events\":1")) {
                    phase.ok.increment();
                } else {
                    Matcher code = PROBLEM_CODE.matcher(answer);
                    phase.other(response.status() + (code.find() ? " " + code.group(1)
                            : answer.contains("\"duplicate\":true") ? " duplicate" : ""));
                }
            } catch (IOException e) {
                recorder.add(System.nanoTime() - sent);
                phase.unknown.increment();
                phase.other(e.getClass().getSimpleName());
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }
        }
        if (connection != null) {
            connection.close();
        }
    }

    /** One keep-alive HTTP/1.1 connection: a POST with a known length, an answer with Content-Length or chunked. */
    static final class RawHttp {
        record Answer(int status, String body, boolean closed) {
        }

        private final java.net.Socket socket;
        private final java.io.InputStream in;
        private final java.io.OutputStream out;
        private final byte[] head;

        RawHttp(URI uri, Duration timeout) throws IOException {
            socket = new java.net.Socket();
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
            head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: application/json\r\nX-Event-Type: " + EVENT_TYPE
                    + "\r\nX-Webhook-Signature: ").getBytes(StandardCharsets.US_ASCII);
        }

        Answer post(byte[] body, String signature) throws IOException {
            out.write(head);
            out.write((signature + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            int length = -1;
            boolean chunked = false;
            boolean closed = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = colon < 0 ? header : header.substring(0, colon).trim();
                String value = colon < 0 ? "" : header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    closed = value.equalsIgnoreCase("close");
                }
            }
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            if (chunked) {
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    answer.write(in.readNBytes(size));
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
            } else if (length >= 0) {
                answer.write(in.readNBytes(length));
            } else {
                answer.write(in.readAllBytes());
                closed = true;
            }
            return new Answer(status, answer.toString(StandardCharsets.UTF_8), closed);
        }

        private String line() throws IOException {
            StringBuilder text = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException("the connection closed");
                }
                if (c != '\r') {
                    text.append((char) c);
                }
            }
            return text.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    // ---- direct ----------------------------------------------------------------------------------------------

    private Phase direct(int concurrency, int seconds) throws InterruptedException {
        Phase phase = new Phase(concurrency, cpu.sample(), walPosition());
        long end = phase.start + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(start("direct-" + i, () -> directWorker(phase, end)));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        phase.finish(cpu.sample(), walPosition());
        directInserted += phase.ok.sum();
        return phase;
    }

    private void directWorker(Phase phase, long end) {
        Recorder recorder = phase.recorder();
        MessageDigest sha256 = sha256();
        try (Connection connection = connect();
             PreparedStatement event = connection.prepareStatement(INSERT_EVENT);
             PreparedStatement run = connection.prepareStatement(INSERT_RUN);
             PreparedStatement outbox = connection.prepareStatement(INSERT_OUTBOX)) {
            connection.setAutoCommit(false);
            while (System.nanoTime() < end) {
                String body = payloads.issue(payloads.next());
                String hash = HexFormat.of().formatHex(sha256.digest(body.getBytes(StandardCharsets.UTF_8)));
                long begin = System.nanoTime();
                try {
                    UUID eventId = Ids.next();
                    UUID runId = Ids.next();
                    event.setObject(1, eventId);
                    event.setObject(2, triggerId);
                    event.setObject(3, organizationId);
                    event.setString(4, "sha256:" + hash);
                    event.setString(5, EVENT_TYPE);
                    event.setString(6, DIRECT_DEDUP_PREFIX + hash);
                    event.setString(7, body);
                    event.setString(8, "{\"title\":\"Webhook " + EVENT_TYPE + "\",\"description\":\"\",\"url\":null,"
                            + "\"relatedFiles\":[],\"suggestedRepo\":null}");
                    int events = event.executeUpdate();
                    run.setObject(1, runId);
                    run.setObject(2, triggerId);
                    run.setObject(3, eventId);
                    run.setString(4, "trigger-event:" + eventId);
                    run.setObject(5, organizationId);
                    run.setObject(6, automationId);
                    int runs = run.executeUpdate();
                    outbox.setObject(1, Ids.next());
                    outbox.setObject(2, organizationId);
                    outbox.setString(3, OUTBOX_KIND);
                    outbox.setString(4, "{\"runId\":\"" + runId + "\"}");
                    outbox.executeUpdate();
                    connection.commit();
                    recorder.add(System.nanoTime() - begin);
                    if (events == 1 && runs == 1) {
                        phase.ok.increment();
                    } else {
                        phase.other("not inserted (events " + events + ", runs " + runs + ")");
                    }
                } catch (SQLException e) {
                    connection.rollback();
                    phase.other("SQLState " + e.getSQLState());
                }
            }
        } catch (SQLException e) {
            phase.other("connection: " + e.getMessage());
        }
    }

    /** Bytes of WAL the server has written so far (all databases of the server: other work adds to it). */
    private long walPosition() {
        try (Connection connection = connect(); PreparedStatement lsn = connection.prepareStatement(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint"); ResultSet row = lsn.executeQuery()) {
            return row.next() ? row.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    private Connection connect() throws SQLException {
        String password = System.getenv("PGPASSWORD");
        return DriverManager.getConnection(options.get("--jdbc"), options.get("--db-user"), password == null ? "" : password);
    }

    // ---- rows ------------------------------------------------------------------------------------------------

    /** Counts, per kind of delivery, the trigger's events, their runs and the runs' outbox rows. */
    private boolean verify() throws SQLException {
        String sql = """
                WITH e AS (SELECT id, run_id FROM trigger_events
                            WHERE organization_id = ? AND trigger_id = ? AND dedup_key LIKE ?),
                     r AS (SELECT id FROM automation_runs
                            WHERE organization_id = ? AND trigger_id = ? AND trigger_event_id IN (SELECT id FROM e)),
                     o AS (SELECT DISTINCT payload->>'runId' AS run FROM outbox
                            WHERE organization_id = ? AND kind = ? AND payload->>'runId' IN (SELECT id::text FROM r))
                SELECT (SELECT count(*) FROM e), (SELECT count(*) FROM e WHERE run_id IS NOT NULL),
                       (SELECT count(*) FROM r), (SELECT count(*) FROM o),
                       (SELECT count(*) FROM outbox WHERE organization_id = ? AND kind = ?
                           AND payload->>'runId' IN (SELECT id::text FROM r))""";
        System.out.println("Rows of the trigger in the database (trigger_events / automation_runs / outbox):");
        boolean ok = true;
        try (Connection connection = connect(); PreparedStatement count = connection.prepareStatement(sql)) {
            for (boolean http : new boolean[] {true, false}) {
                count.setObject(1, organizationId);
                count.setObject(2, triggerId);
                count.setString(3, (http ? HTTP_DEDUP_PREFIX : DIRECT_DEDUP_PREFIX) + "%");
                count.setObject(4, organizationId);
                count.setObject(5, triggerId);
                count.setObject(6, organizationId);
                count.setString(7, OUTBOX_KIND);
                count.setObject(8, organizationId);
                count.setString(9, OUTBOX_KIND);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    long events = rows.getLong(1);
                    long linked = rows.getLong(2);
                    long runs = rows.getLong(3);
                    long runsWithOutbox = rows.getLong(4);
                    long outbox = rows.getLong(5);
                    long expected = http ? httpAccepted : directInserted;
                    long slack = http ? httpUnknown : 0;
                    boolean exact = events == expected && runs == expected && outbox == expected && runsWithOutbox == runs
                            && (!http || linked == events);
                    boolean explained = !exact && events >= expected && events <= expected + slack && runs == events
                            && outbox == runs && runsWithOutbox == runs && (!http || linked == events);
                    ok &= exact || explained;
                    System.out.printf(Locale.ROOT, "  %-6s %8d %s: %d events (%s), %d runs, %d outbox rows -> %s%n",
                            http ? "http" : "direct", expected, http ? "accepted deliveries" : "committed inserts  ",
                            events, http ? linked + " linked to their run" : "run_id not set, as inserted", runs, outbox,
                            exact ? "exactly one event, run and outbox row each"
                                    : explained ? "consistent; " + (events - expected) + " of " + slack
                                    + " unanswered deliveries were stored" : "MISMATCH");
                }
            }
        }
        return ok;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static Thread start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.start();
        return thread;
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Time-ordered ids like the engine's (UUID version 7), so both sides grow the primary keys the same way. */
    static final class Ids {
        private static final SecureRandom RANDOM = new SecureRandom();

        static UUID next() {
            long most = (System.currentTimeMillis() << 16) | (0x7L << 12) | RANDOM.nextInt(1 << 12);
            return new UUID(most, (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        }
    }

    /** A GitHub "issues opened"-like delivery of about 1.5 KB; the sequence number and a per-run nonce make it unique. */
    static final class Payloads {
        private static final String TEMPLATE = """
                {"action":"opened","issue":{"url":"https://api.github.com/repos/acme/billing-service/issues/%1$d",\
                "repository_url":"https://api.github.com/repos/acme/billing-service",\
                "html_url":"https://github.com/acme/billing-service/issues/%1$d","id":%2$d,"node_id":"I_%3$s%1$d",\
                "number":%1$d,"title":"Invoice totals are off by one cent for multi-currency carts (%3$s-%1$d)",\
                "user":{"login":"octo-reporter","id":5831021,"type":"User","site_admin":false,\
                "html_url":"https://github.com/octo-reporter"},\
                "labels":[{"id":1203945,"name":"bug","color":"d73a4a","default":true},\
                {"id":1203951,"name":"billing","color":"0e8a16","default":false}],\
                "state":"open","locked":false,"assignee":null,"assignees":[],"milestone":null,"comments":0,\
                "created_at":"%4$s","updated_at":"%4$s","closed_at":null,"author_association":"MEMBER",\
                "body":"When a cart mixes EUR and USD items the invoice total differs from the sum of the line items\
                 by 0.01. Steps: add two EUR items and one USD item, check out, open the invoice PDF. Expected: the\
                 total equals the sum of the converted lines. Actual: it is one cent higher. Seen since the rounding\
                 change in the currency module; the logs show the conversion rounding each line before summing.",\
                "reactions":{"total_count":0,"+1":0,"-1":0},"state_reason":null},\
                "repository":{"id":48120377,"node_id":"R_kgDOAt5yOQ","name":"billing-service",\
                "full_name":"acme/billing-service","private":true,"owner":{"login":"acme","id":1290312,\
                "type":"Organization"},"html_url":"https://github.com/acme/billing-service","default_branch":"main",\
                "language":"Java","open_issues_count":%5$d,"visibility":"private"},\
                "organization":{"login":"acme","id":1290312},\
                "sender":{"login":"octo-reporter","id":5831021,"type":"User"}}""";

        private final AtomicLong sequence = new AtomicLong(1);
        private final String nonce = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);

        long next() {
            return sequence.getAndIncrement();
        }

        String issue(long n) {
            return String.format(Locale.ROOT, TEMPLATE, n, 2_000_000_000L + n, nonce, Instant.now().toString(),
                    40 + n % 17);
        }
    }

    /** Latencies of one worker (no sharing while the phase runs). */
    static final class Recorder {
        private long[] values = new long[4096];
        private int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }
    }

    /** One phase: counters shared by its workers, latencies per worker, CPU before and after. */
    static final class Phase {
        static final String HEADER = String.format(Locale.ROOT,
                "%-15s %4s %7s %9s %8s %8s %8s %8s %4s %4s %4s %-14s %6s  %s", "phase", "conc", "ok", "per s",
                "p50 ms", "p90 ms", "p99 ms", "max ms", "sv%", "cl%", "all%", "CPU ms/ev", "WAL/ev", "other outcomes");

        final int concurrency;
        final long start = System.nanoTime();
        final LongAdder ok = new LongAdder();
        final LongAdder unknown = new LongAdder();
        final Map<String, LongAdder> others = new ConcurrentHashMap<>();
        private final List<Recorder> recorders = new ArrayList<>();
        private final double[] cpuBefore;
        private final long walBefore;
        private long walBytes;
        private double[] cpuPercent;
        private long[] sorted;
        private long elapsed;

        Phase(int concurrency, double[] cpuBefore, long walBefore) {
            this.concurrency = concurrency;
            this.cpuBefore = cpuBefore;
            this.walBefore = walBefore;
        }

        synchronized Recorder recorder() {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            return recorder;
        }

        void other(String outcome) {
            others.computeIfAbsent(outcome, key -> new LongAdder()).increment();
        }

        void finish(double[] cpuAfter, long walAfter) {
            elapsed = System.nanoTime() - start;
            walBytes = walBefore < 0 || walAfter < 0 ? -1 : walAfter - walBefore;
            cpuPercent = Cpu.percent(cpuBefore, cpuAfter);
            sorted = recorders.stream().flatMapToLong(r -> Arrays.stream(r.values, 0, r.size)).sorted().toArray();
        }

        double rate() {
            return ok.sum() / (elapsed / 1e9);
        }

        /** Nearest-rank percentile in milliseconds. */
        double percentile(double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] / 1e6;
        }

        String row(String label) {
            StringBuilder rest = new StringBuilder();
            new TreeMap<>(others).forEach((key, count) ->
                    rest.append(rest.isEmpty() ? "" : ", ").append(key).append(": ").append(count.sum()));
            double perEvent = 10 / rate();     // CPU% / 100 * 1000 ms / events per second
            String wal = walBytes < 0 || ok.sum() == 0 ? "n/a"
                    : String.format(Locale.ROOT, "%.1fK", walBytes / 1024.0 / ok.sum());
            return String.format(Locale.ROOT,
                    "%-15s %4d %7d %9.1f %8.2f %8.2f %8.2f %8.1f %4s %4s %4s %5.2f %s %6s  %s",
                    label, concurrency, ok.sum(), rate(), percentile(50), percentile(90), percentile(99),
                    percentile(100), Cpu.text(cpuPercent[0]), Cpu.text(cpuPercent[1]), Cpu.text(cpuPercent[2]),
                    cpuPercent[2] * perEvent, String.format(Locale.ROOT, "sv %5.2f", cpuPercent[0] * perEvent), wal,
                    rest.isEmpty() ? "-" : rest);
        }
    }

    /** CPU seconds used so far by the Karaf JVM, by this JVM and by the whole machine, from /proc. */
    record Cpu(long serverPid, int clkTck) {

        double[] sample() {
            return new double[] {System.nanoTime() / 1e9, serverSeconds(), clientSeconds(), machineSeconds()};
        }

        static double[] percent(double[] before, double[] after) {
            double wall = after[0] - before[0];
            return new double[] {100 * (after[1] - before[1]) / wall, 100 * (after[2] - before[2]) / wall,
                    100 * (after[3] - before[3]) / wall};
        }

        static String text(double percent) {
            return Double.isNaN(percent) ? "n/a" : String.format(Locale.ROOT, "%.0f", percent);
        }

        private double serverSeconds() {
            if (serverPid <= 0) {
                return Double.NaN;
            }
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(serverPid), "stat"));
                String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(after[11]) + Long.parseLong(after[12])) / (double) clkTck; // utime, stime
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }

        private static double clientSeconds() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() / 1e9 : Double.NaN;
        }

        private double machineSeconds() {
            try {
                String[] total = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int field : new int[] {1, 2, 3, 6, 7, 8}) {  // user nice system irq softirq steal
                    busy += Long.parseLong(total[field]);
                }
                return busy / (double) clkTck;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
    }
}
