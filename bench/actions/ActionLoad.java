import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Open-loop load generator for {@code POST /api/v1/sessions/{id}/actions/invoke} (bench/actions). Only the JDK;
 * run as a single-file source program ({@code java ActionLoad.java ...}). Two modes:
 *
 * <pre>
 *   prepare SESSIONS ORG_ID USER_ID SQL_OUT TOKENS_OUT
 *       generates SESSIONS session ids and session tokens ("sbs_" + 43 base64url chars), writes the SQL that
 *       inserts the sessions and session_tokens rows (token_hash = hex SHA-256) and a "session-id TAB token" file
 *   run --url URL --tokens FILE [--rates 100,250,500,750] [--seconds 15] [--warmup-rate 200]
 *       [--warmup-seconds 15] [--pause 3] [--timeout 5] [--max-in-flight 1000] [--target-p99-ms 10]
 *       [--server-pid PID] [--clk-tck 100] [--stop-when-saturated true] [--settle-seconds 60]
 * </pre>
 *
 * Each step sends request i at start + i/rate, whatever happened to earlier ones (fixed-rate open loop), and
 * measures latency from that scheduled time to the last byte of the response, so a server (or client) stall
 * shows up as latency of every request that should have been sent during it (no coordinated omission).
 * Sessions are used round-robin. Percentiles come from sorting all recorded latencies (exact, no histogram).
 */
public class ActionLoad {

    private static final String BODY = "{\"integration\":\"echo\",\"action\":\"echo\",\"params\":{\"message\":\"hi\"}}";
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");
    private static final int RATE_LIMIT_PER_MINUTE = 60; // ActionsConstants.INVOCATIONS_PER_MINUTE (shipped default)

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("prepare") && args.length == 6) {
            prepare(Integer.parseInt(args[1]), UUID.fromString(args[2]), UUID.fromString(args[3]), Path.of(args[4]),
                    Path.of(args[5]));
        } else if (args.length > 0 && args[0].equals("run")) {
            new ActionLoad(options(Arrays.copyOfRange(args, 1, args.length))).run();
        } else {
            System.err.println("usage: java ActionLoad.java prepare SESSIONS ORG_ID USER_ID SQL_OUT TOKENS_OUT\n"
                    + "       java ActionLoad.java run --url URL --tokens FILE [--rates 100,250,500,750] [--seconds 15]"
                    + " [--warmup-rate 200] [--warmup-seconds 15] [--pause 3] [--timeout 5] [--max-in-flight 1000]"
                    + " [--target-p99-ms 10] [--server-pid PID] [--clk-tck 100] [--stop-when-saturated true]"
                    + " [--settle-seconds 60]");
            System.exit(2);
        }
    }

    // ---- prepare -------------------------------------------------------------------------------------------

    /** The harness shortcut: sessions and their tokens go straight into PostgreSQL (no REST for it yet). */
    static void prepare(int count, UUID organizationId, UUID userId, Path sqlOut, Path tokensOut) throws Exception {
        if (count < 1 || count > 100_000) {
            throw new IllegalArgumentException("sessions must be 1..100000");
        }
        SecureRandom random = new SecureRandom();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        StringBuilder sql = new StringBuilder("BEGIN;\n");
        StringBuilder tokens = new StringBuilder();
        StringBuilder sessionRows = new StringBuilder();
        StringBuilder tokenRows = new StringBuilder();
        for (int i = 0; i < count; i++) {
            UUID sessionId = UUID.randomUUID();
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String token = "sbs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            String hash = HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
            sessionRows.append(sessionRows.isEmpty() ? "" : ",\n").append(String.format(Locale.ROOT,
                    "('%s','%s','%s','bench','running','bench-actions %d')", sessionId, organizationId, userId, i));
            tokenRows.append(tokenRows.isEmpty() ? "" : ",\n").append(String.format(Locale.ROOT,
                    "('%s','%s','%s','%s','%s')", UUID.randomUUID(), organizationId, sessionId, userId, hash));
            tokens.append(sessionId).append('\t').append(token).append('\n');
        }
        sql.append("INSERT INTO sessions (id, organization_id, created_by, session_type, status, title) VALUES\n")
                .append(sessionRows).append(";\n");
        sql.append("INSERT INTO session_tokens (id, organization_id, session_id, user_id, token_hash) VALUES\n")
                .append(tokenRows).append(";\nCOMMIT;\n");
        Files.writeString(sqlOut, sql);
        Files.writeString(tokensOut, tokens);
    }

    // ---- run -----------------------------------------------------------------------------------------------

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--rates", "100,250,500,750", "--seconds", "15",
                "--warmup-rate", "200", "--warmup-seconds", "15", "--pause", "3", "--timeout", "5",
                "--max-in-flight", "1000", "--target-p99-ms", "10", "--clk-tck", "100"));
        options.put("--stop-when-saturated", "true");
        options.put("--settle-seconds", "60");
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("bad option " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--url") || !options.containsKey("--tokens")) {
            throw new IllegalArgumentException("--url and --tokens are required");
        }
        return options;
    }

    private record Session(String id, HttpRequest request) {
    }

    private final Map<String, String> options;
    private final List<Session> sessions = new ArrayList<>();
    private final HttpClient client;
    private final ExecutorService clientExecutor;
    private final Duration timeout;
    private final int maxInFlight;
    private final double targetP99Ms;
    private final long serverPid;
    private final int clkTck;
    private int nextSession;
    // round-robin sends per session in the current wall-clock minute (the server counts per calendar minute)
    private long countedMinute = -1;
    private int[] sentThisMinute;
    private int maxPerSessionMinute;

    ActionLoad(Map<String, String> options) throws IOException {
        this.options = options;
        this.timeout = Duration.ofSeconds(Long.parseLong(options.get("--timeout")));
        this.maxInFlight = Integer.parseInt(options.get("--max-in-flight"));
        this.targetP99Ms = Double.parseDouble(options.get("--target-p99-ms"));
        this.serverPid = options.containsKey("--server-pid") ? Long.parseLong(options.get("--server-pid")) : -1;
        this.clkTck = Integer.parseInt(options.get("--clk-tck"));
        String base = options.get("--url").replaceAll("/+$", "");
        URI host = URI.create(base);
        if (!"127.0.0.1".equals(host.getHost()) && !"localhost".equals(host.getHost()) && !"[::1]".equals(host.getHost())) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        for (String line : Files.readAllLines(Path.of(options.get("--tokens")))) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t");
            sessions.add(new Session(parts[0], HttpRequest.newBuilder(URI.create(base + "/api/v1/sessions/" + parts[0]
                            + "/actions/invoke"))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + parts[1])
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build()));
        }
        if (sessions.isEmpty()) {
            throw new IllegalArgumentException("no sessions in " + options.get("--tokens"));
        }
        sentThisMinute = new int[sessions.size()];
        // a few threads for completions: the client must not be what limits the rate on 2 cores
        this.clientExecutor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "load-client");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(clientExecutor)
                .build();
    }

    void run() throws Exception {
        int[] rates = Arrays.stream(options.get("--rates").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(options.get("--seconds"));
        int warmupRate = Integer.parseInt(options.get("--warmup-rate"));
        int warmupSeconds = Integer.parseInt(options.get("--warmup-seconds"));
        int pause = Integer.parseInt(options.get("--pause"));
        boolean stopWhenSaturated = Boolean.parseBoolean(options.get("--stop-when-saturated"));
        int highest = Math.max(warmupRate, Arrays.stream(rates).max().orElse(0));
        System.out.printf(Locale.ROOT, "load: %d sessions round-robin, open loop, request timeout %d s, at most %d in"
                        + " flight; warm-up %d/s for %d s, then %s inv/s for %d s each (%d s pause between)%n",
                sessions.size(), timeout.toSeconds(), maxInFlight, warmupRate, warmupSeconds,
                options.get("--rates"), seconds, pause);
        if (highest > sessions.size()) {
            System.out.printf(Locale.ROOT, "  note: %d inv/s over %d sessions can exceed %d per session and calendar"
                    + " minute; 429 rate_limited answers will be counted%n", highest, sessions.size(),
                    RATE_LIMIT_PER_MINUTE);
        }
        if (warmupSeconds > 0 && warmupRate > 0) {
            Step warmup = step(warmupRate, warmupSeconds);
            System.out.println("warm-up  " + warmup.line());
            settle(pause);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%8s %9s %7s %7s %7s %7s %8s %8s %7s %6s %6s %6s  %s%n", "offered", "achieved",
                "p50", "p90", "p99", "p99.9", "max", "send-lag", "ok", "CPU%sv", "cl", "all", "other answers");
        System.out.printf(Locale.ROOT, "%8s %9s %7s %7s %7s %7s %8s %8s %7s %6s %6s %6s%n", "inv/s", "inv/s", "ms", "ms",
                "ms", "ms", "ms", "max ms", "", "", "", "");
        List<Step> results = new ArrayList<>();
        for (int i = 0; i < rates.length; i++) {
            Step step = step(rates[i], seconds);
            results.add(step);
            System.out.println(step.row());
            if (i + 1 < rates.length) {
                if (stopWhenSaturated && step.saturated()) {
                    System.out.printf(Locale.ROOT, "  stopped stepping: %d inv/s saturated the node (achieved < 80%%"
                            + " of offered, or timeouts); higher rates would only queue longer%n", rates[i]);
                    break;
                }
                settle(pause);
            }
        }
        System.out.println();
        System.out.println("  latency: from the scheduled send time to the last byte of the answer (all answers);"
                + " send-lag: how late the client sent (client saturation)");
        System.out.println("  CPU%: of one core over the step; sv = server JVM, cl = this load generator,"
                + " all = whole machine (100 = one core busy; 2 cores = 200)");
        int best = -1;
        for (Step step : results) {
            if (step.sustained()) {
                best = Math.max(best, step.rate);
            }
        }
        System.out.printf(Locale.ROOT, "  max per session and calendar minute sent: %d (limit %d)%n",
                maxPerSessionMinute, RATE_LIMIT_PER_MINUTE);
        System.out.println(best < 0
                ? String.format(Locale.ROOT, "max sustained rate with p99 < %.0f ms: none of the steps", targetP99Ms)
                : String.format(Locale.ROOT, "max sustained rate with p99 < %.0f ms (all 200, >= 95%% of offered):"
                        + " %d inv/s (of the steps run)", targetP99Ms, best));
        for (Step step : results) {
            if (step.rate == 500) {
                System.out.printf(Locale.ROOT, "at 500 inv/s: p99 %.2f ms (target < %.0f ms) -> %s%n", step.p99,
                        targetP99Ms, step.sustained() ? "met" : "NOT met");
            }
        }
        clientExecutor.shutdownNow();
    }

    /**
     * Pauses, then waits (at most --settle-seconds) until single invocations answer in under 50 ms twice in a
     * row: a server still working off the previous step's queue would otherwise be charged to the next step.
     */
    private void settle(int pauseSeconds) throws InterruptedException {
        Thread.sleep(pauseSeconds * 1000L);
        long begin = System.nanoTime();
        long limit = begin + Long.parseLong(options.get("--settle-seconds")) * 1_000_000_000L;
        int quick = 0;
        while (quick < 2 && System.nanoTime() < limit) {
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(nextSession(System.currentTimeMillis()).request(),
                        HttpResponse.BodyHandlers.ofString());
                quick = response.statusCode() == 200 && System.nanoTime() - sent < 50_000_000L ? quick + 1 : 0;
            } catch (IOException e) {
                quick = 0;
            }
            if (quick < 2) {
                Thread.sleep(quick == 0 ? 250 : 20);
            }
        }
        double waited = (System.nanoTime() - begin) / 1e9;
        if (quick < 2) {
            System.out.printf(Locale.ROOT, "  (the node still answered slowly %.0f s after the pause)%n", waited);
        } else if (waited > 1) {
            System.out.printf(Locale.ROOT, "  (the node needed %.1f s after the pause to answer quickly again)%n", waited);
        }
    }

    private Session nextSession(long nowMillis) {
        long minute = nowMillis / 60_000;
        if (minute != countedMinute) {
            countedMinute = minute;
            Arrays.fill(sentThisMinute, 0);
        }
        int index = nextSession;
        nextSession = (nextSession + 1) % sessions.size();
        maxPerSessionMinute = Math.max(maxPerSessionMinute, ++sentThisMinute[index]);
        return sessions.get(index);
    }

    /** One fixed-rate step: sends rate*seconds requests on schedule, then waits for the answers (bounded). */
    private Step step(int rate, int seconds) throws InterruptedException {
        int total = rate * seconds;
        long[] latency = new long[total];
        Arrays.fill(latency, -1);
        long[] lag = new long[total];
        Map<String, LongAdder> others = new ConcurrentHashMap<>();
        LongAdder ok = new LongAdder();
        AtomicInteger pending = new AtomicInteger();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long lastCompletion[] = {0};
        double periodNanos = 1e9 / rate;
        CpuSample before = CpuSample.take(serverPid, clkTck);
        long start = System.nanoTime() + 20_000_000L; // first send 20 ms from now
        for (int i = 0; i < total; i++) {
            long scheduled = start + (long) (i * periodNanos);
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 1_000_000L));
            }
            long sent = System.nanoTime();
            lag[i] = sent - scheduled;
            Session session = nextSession(System.currentTimeMillis());
            if (!inFlight.tryAcquire()) {
                others.computeIfAbsent("not sent (in-flight cap)", k -> new LongAdder()).increment();
                continue;
            }
            pending.incrementAndGet();
            int index = i;
            client.sendAsync(session.request(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        long done = System.nanoTime();
                        latency[index] = done - scheduled;
                        synchronized (lastCompletion) {
                            lastCompletion[0] = Math.max(lastCompletion[0], done);
                        }
                        if (error != null) {
                            Throwable cause = error.getCause() != null ? error.getCause() : error;
                            others.computeIfAbsent(cause.getClass().getSimpleName(), k -> new LongAdder()).increment();
                        } else if (response.statusCode() == 200 && response.body().contains("\"completed\"")) {
                            ok.increment();
                        } else {
                            Matcher code = CODE.matcher(response.body());
                            others.computeIfAbsent(response.statusCode() + (code.find() ? " " + code.group(1) : ""),
                                    k -> new LongAdder()).increment();
                        }
                        inFlight.release();
                        pending.decrementAndGet();
                    });
        }
        long scheduleEnd = System.nanoTime();
        long deadline = scheduleEnd + timeout.toNanos() + 2_000_000_000L;
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (pending.get() > 0) {
            others.computeIfAbsent("no answer", k -> new LongAdder()).add(pending.get());
        }
        CpuSample after = CpuSample.take(serverPid, clkTck);
        long[] recorded = Arrays.stream(latency).filter(v -> v >= 0).sorted().toArray();
        long[] lags = lag.clone();
        Arrays.sort(lags);
        long end;
        synchronized (lastCompletion) {
            end = Math.max(lastCompletion[0], start);
        }
        double elapsed = Math.max(1e-9, (end - start) / 1e9);
        return new Step(rate, total, ok.sum(), ok.sum() / elapsed, recorded, lags[lags.length - 1], new TreeMap<>(others),
                before.cpuPercent(after), targetP99Ms);
    }

    private static final class Step {
        final int rate;
        final int total;
        final long ok;
        final double achieved;
        final double p50;
        final double p90;
        final double p99;
        final double p999;
        final double max;
        final double maxLagMs;
        final Map<String, LongAdder> others;
        final double[] cpu;
        final double target;

        Step(int rate, int total, long ok, double achieved, long[] sorted, long maxLag, Map<String, LongAdder> others,
             double[] cpu, double target) {
            this.rate = rate;
            this.total = total;
            this.ok = ok;
            this.achieved = achieved;
            this.p50 = percentile(sorted, 50);
            this.p90 = percentile(sorted, 90);
            this.p99 = percentile(sorted, 99);
            this.p999 = percentile(sorted, 99.9);
            this.max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
            this.maxLagMs = maxLag / 1e6;
            this.others = others;
            this.cpu = cpu;
            this.target = target;
        }

        /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
        static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        boolean saturated() {
            return achieved < 0.8 * rate || others.keySet().stream().anyMatch(k -> !k.startsWith("4") && !k.startsWith("5"));
        }

        boolean sustained() {
            return ok == total && achieved >= 0.95 * rate && p99 < target;
        }

        String othersText() {
            if (others.isEmpty()) {
                return "-";
            }
            StringBuilder text = new StringBuilder();
            others.forEach((key, count) -> text.append(text.isEmpty() ? "" : ", ").append(key).append(": ")
                    .append(count.sum()));
            return text.toString();
        }

        String row() {
            return String.format(Locale.ROOT, "%8d %9.1f %7.2f %7.2f %7.2f %7.2f %8.1f %8.1f %7d %6s %6s %6s  %s", rate,
                    achieved, p50, p90, p99, p999, max, maxLagMs, ok, pct(cpu[0]), pct(cpu[1]), pct(cpu[2]),
                    othersText() + (ok < total ? " (of " + total + ")" : ""));
        }

        String line() {
            return String.format(Locale.ROOT, "%d/s: %.1f/s achieved, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d/%d ok%s",
                    rate, achieved, p50, p99, max, ok, total, others.isEmpty() ? "" : " (" + othersText() + ")");
        }

        private static String pct(double value) {
            return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
        }
    }

    /** CPU ticks of the server JVM (from /proc), of this JVM and of the whole machine (from /proc/stat). */
    private record CpuSample(long nanos, double serverSeconds, double clientSeconds, double machineBusySeconds) {

        static CpuSample take(long serverPid, int clkTck) {
            double server = Double.NaN;
            if (serverPid > 0) {
                try {
                    String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    server = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) clkTck;
                } catch (IOException | RuntimeException e) {
                    server = Double.NaN;
                }
            }
            double client = Double.NaN;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                client = os.getProcessCpuTime() / 1e9;
            }
            double machine = Double.NaN;
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < cpu.length && i <= 8; i++) {
                    if (i != 4 && i != 5) { // not idle, not iowait
                        busy += Long.parseLong(cpu[i]);
                    }
                }
                machine = busy / (double) clkTck;
            } catch (IOException | RuntimeException e) {
                machine = Double.NaN;
            }
            return new CpuSample(System.nanoTime(), server, client, machine);
        }

        double[] cpuPercent(CpuSample after) {
            double wall = (after.nanos - nanos) / 1e9;
            return new double[] {100 * (after.serverSeconds - serverSeconds) / wall,
                    100 * (after.clientSeconds - clientSeconds) / wall,
                    100 * (after.machineBusySeconds - machineBusySeconds) / wall};
        }
    }
}
