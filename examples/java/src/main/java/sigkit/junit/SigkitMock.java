package sigkit.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sigkit.json.Json;

/**
 * One {@code sigkit mock --port 0} process: its URL, its admin API under {@code /__sigkit}, and the
 * diagnosis of the requests it rejected. {@link SigkitMockExtension} starts one per test run and
 * injects it; outside JUnit, {@link #start(String)} and {@link #close()} work alike.
 */
public final class SigkitMock implements AutoCloseable {
    private static final Pattern READY_LINE = Pattern.compile("sigkit mock listening on (https?://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Rejected requests of one test explained in full; the rest get one line each. */
    private static final int EXPLAINED_REJECTIONS = 3;

    private final List<String> command;
    private final Process process;
    private final String url;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY) // loopback only: no proxy may see the mock's traffic
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private long windowStart;
    private boolean rejectionsAllowed;
    private boolean faultsChanged;
    private Map<String, Object> clockBefore;

    private SigkitMock(List<String> command, Process process, String url) {
        this.command = command;
        this.process = process;
        this.url = url;
    }

    /**
     * How to run sigkit: the system property {@code sigkit.command} (or {@code SIGKIT_COMMAND}), else the
     * environment variable {@code SIGKIT_COMMAND}, else {@code sigkit} on PATH — e.g.
     * {@code node /path/to/sigkit/packages/cli/dist/bin.js}.
     */
    public static String configuredCommand() {
        for (String candidate : new String[] {System.getProperty("sigkit.command"), System.getProperty("SIGKIT_COMMAND"), System.getenv("SIGKIT_COMMAND")}) {
            if (candidate != null && !candidate.isBlank()) return candidate;
        }
        return "sigkit";
    }

    /** Starts {@code <command> mock --port 0} and returns once it prints its listening line. */
    public static SigkitMock start(String command) {
        List<String> base = splitCommand(command);
        List<String> argv = new ArrayList<>(base);
        argv.addAll(List.of("mock", "--port", "0"));
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run \"" + command + "\" (" + e.getMessage() + "); set the system property "
                    + "sigkit.command or SIGKIT_COMMAND to the sigkit command, e.g. \"node /path/to/sigkit/packages/cli/dist/bin.js\"", e);
        }
        StringBuffer output = new StringBuffer();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            // Drains the mock's output for its whole life, so that it never blocks on a full pipe.
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher match = READY_LINE.matcher(line);
                    if (match.find()) ready.complete(match.group(1));
                }
            } catch (IOException ignored) {
                // The process ended.
            }
            ready.complete(null);
        }, "sigkit-mock-output");
        reader.setDaemon(true);
        reader.start();
        String url;
        try {
            url = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            url = null;
        }
        if (url == null) {
            stop(process);
            throw new IllegalStateException(String.join(" ", argv) + " did not print \"sigkit mock listening on …\" within "
                    + START_TIMEOUT.toSeconds() + " s; it said: " + (output.length() == 0 ? "(nothing)" : output.toString().trim()));
        }
        return new SigkitMock(base, process, url);
    }

    /** The mock's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    /** Stops the mock (SIGTERM, then a forced kill after a few seconds). */
    @Override
    public void close() {
        stop(process);
    }

    // --- the admin API (packages/mock-server/README.md, "Admin API") ---

    /** Calls {@code /__sigkit<route>} with an optional JSON body and returns the parsed answer. */
    public Object admin(String method, String route, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/__sigkit" + route)).timeout(Duration.ofSeconds(30));
        // A mock bound off loopback, or started with --admin-token, wants its token on every admin call.
        String token = System.getenv("SIGKIT_ADMIN_TOKEN");
        if (token != null && !token.isEmpty()) request.header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(method + " /__sigkit" + route + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(method + " /__sigkit" + route + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.parse(response.body());
    }

    /**
     * The journal's entries, newest first unless {@code order=asc}. Filters as the admin API takes them,
     * in pairs: {@code journal("path", "/api/v1/kronos/devices", "limit", "5")}; names: method, path (glob),
     * status, code, ok, platform, since, limit, order.
     */
    public List<Map<String, Object>> journal(String... filters) {
        if (filters.length % 2 != 0) throw new IllegalArgumentException("journal filters come in name, value pairs");
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < filters.length; i += 2) {
            query.append(query.length() == 0 ? '?' : '&').append(URLEncoder.encode(filters[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(filters[i + 1], StandardCharsets.UTF_8));
        }
        return objects(object(admin("GET", "/journal" + query, null)).get("entries"));
    }

    /** One journal entry by id. */
    public Map<String, Object> entry(long id) {
        return object(admin("GET", "/journal/" + id, null));
    }

    /** The mock's counters: requests, verified, rejected, byCode, the journal's size and ids. */
    public Map<String, Object> stats() {
        return object(admin("GET", "/stats", null));
    }

    /**
     * Adds a fault rule ({@code method}, {@code path} glob, {@code respond}, {@code destroy}, {@code latencyMs},
     * {@code fraction}, {@code times}, {@code label}) and returns it with its id; removed after the test.
     */
    public Map<String, Object> addFault(Map<String, ?> rule) {
        faultsChanged = true;
        return object(object(admin("POST", "/faults", rule)).get("fault"));
    }

    /** Removes every fault rule. */
    public void clearFaults() {
        admin("DELETE", "/faults", null);
    }

    /** The clock: {@code now}, {@code realNow}, {@code offsetMs}, {@code windowSeconds}. */
    public Map<String, Object> clock() {
        return object(admin("GET", "/clock", null));
    }

    /** Shifts the server clock (positive: the server is ahead); undone after the test. */
    public Map<String, Object> setClockOffset(Duration offset) {
        rememberClock();
        return object(admin("PUT", "/clock", Map.of("offsetMs", offset.toMillis())));
    }

    /** Changes the xConnect clock window (600 s by default); undone after the test. */
    public Map<String, Object> setClockWindow(Duration window) {
        rememberClock();
        return object(admin("PUT", "/clock", Map.of("windowSeconds", window.toMillis() / 1000.0)));
    }

    /** Back to the startup state: data, credentials, faults, clock, sessions; empties the journal (ids carry on). */
    public void reset() {
        admin("POST", "/reset", null);
    }

    /** The current test expects rejected requests: they will not fail it. */
    public void allowRejections() {
        rejectionsAllowed = true;
    }

    // --- the journal window of one test ---

    void beginTest(boolean allowRejections) {
        windowStart = lastJournalId();
        rejectionsAllowed = allowRejections;
        faultsChanged = false;
        clockBefore = null;
    }

    void endTest() {
        if (faultsChanged) clearFaults();
        if (clockBefore != null) admin("PUT", "/clock", clockBefore);
        faultsChanged = false;
        clockBefore = null;
    }

    boolean rejectionsAllowed() {
        return rejectionsAllowed;
    }

    private void rememberClock() {
        if (clockBefore != null) return;
        Map<String, Object> before = clock();
        clockBefore = new LinkedHashMap<>();
        clockBefore.put("offsetMs", before.get("offsetMs"));
        clockBefore.put("windowSeconds", before.get("windowSeconds"));
    }

    /** The id of the newest journal entry, 0 when there is none (ids carry on after a reset). */
    public long lastJournalId() {
        Object newest = object(stats().get("journal")).get("newestId");
        if (newest instanceof Number n) return n.longValue();
        List<Map<String, Object>> latest = journal("limit", "1");
        return latest.isEmpty() ? 0 : ((Number) latest.get(0).get("id")).longValue();
    }

    /** The requests the mock rejected (failed verification) since the current test began, oldest first. */
    public List<Map<String, Object>> rejections() {
        List<Map<String, Object>> entries = new ArrayList<>();
        long since = windowStart;
        while (true) {
            List<Map<String, Object>> page = journal("since", Long.toString(since), "ok", "false", "order", "asc", "limit", "1000");
            entries.addAll(page);
            if (page.size() < 1000) return entries;
            since = ((Number) page.get(page.size() - 1).get("id")).longValue();
        }
    }

    /** A report of rejected journal entries with the mock's diagnosis, for a test failure. */
    public String describe(List<Map<String, Object>> entries) {
        StringBuilder out = new StringBuilder();
        out.append("the sigkit mock rejected ").append(entries.size()).append(entries.size() == 1 ? " request" : " requests")
                .append(" in this test (journal: ").append(url).append("/__sigkit/journal):\n");
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> entry = entries.get(i);
            out.append('\n');
            if (i < EXPLAINED_REJECTIONS) {
                describeEntry(entry, out);
            } else {
                out.append(entry.get("method")).append(' ').append(entry.get("target")).append(" -> ").append(status(entry))
                        .append(' ').append(object(entry.get("verdict")).get("code"))
                        .append(" (journal entry ").append(entry.get("id")).append(")\n");
            }
        }
        return out.toString();
    }

    private void describeEntry(Map<String, Object> entry, StringBuilder out) {
        Map<String, Object> verdict = object(entry.get("verdict"));
        Map<String, Object> diagnosis = object(verdict.get("diagnosis"));
        Map<String, Object> expected = object(diagnosis.get("expected"));
        Map<String, Object> provided = object(diagnosis.get("provided"));
        Map<String, Object> deviation = object(diagnosis.get("deviation"));
        Object serverMessage = verdict.get("serverMessage");
        out.append(entry.get("method")).append(' ').append(entry.get("target")).append(" -> ").append(status(entry))
                .append(serverMessage == null ? "" : " " + serverMessage).append('\n');
        out.append("  check failed: ").append(verdict.get("code")).append('\n');
        Object why = diagnosis.get("message") != null ? diagnosis.get("message") : verdict.get("message");
        out.append("  why: ").append(why).append('\n');
        List<String> diff = null;
        if (!deviation.isEmpty()) {
            // A KX deviation may be a whole profile rather than named flags: then its summary says it all.
            String flags = String.join(" + ", strings(deviation.get("flags")));
            out.append("  mistake: ").append(flags.isEmpty() ? deviation.get("summary") : flags + " (" + deviation.get("summary") + ")").append('\n');
            if ("xconnect".equals(verdict.get("scheme"))) diff = canonicalDiff(entry);
        }
        if (diff != null) {
            out.append("  canonical request (- expected, + sent, as the mistake reproduces it):\n");
            diff.forEach(line -> out.append(line).append('\n'));
        } else if (expected.get("canonicalRequest") instanceof String canonical) {
            out.append("  expected canonical request:\n");
            for (String line : canonical.split("\n", -1)) out.append("      ").append(visible(line)).append('\n');
        } else if (expected.get("stringToSign") instanceof String stringToSign) {
            out.append("  expected string to sign:\n");
            for (String line : stringToSign.split("\n", -1)) out.append("      ").append(visible(line)).append('\n');
        }
        if (expected.get("signature") != null && provided.get("signature") != null) {
            out.append("  signature: expected ").append(expected.get("signature")).append(", sent ").append(provided.get("signature")).append('\n');
        }
        out.append("  journal entry: ").append(url).append("/__sigkit/journal/").append(entry.get("id"))
                .append("  (sigkit explain --journal ").append(entry.get("id")).append(" --mock-url ").append(url).append(")\n");
    }

    /** The line diff of the expected and the sent canonical request, from {@code sigkit explain --journal N --json}. */
    private List<String> canonicalDiff(Map<String, Object> entry) {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of("explain", "--journal", String.valueOf(entry.get("id")), "--mock-url", url, "--json"));
        try {
            Process explain = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            explain.getOutputStream().close();
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> {
                try {
                    return explain.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!explain.waitFor(60, TimeUnit.SECONDS)) {
                explain.destroyForcibly();
                return null;
            }
            Map<String, Object> diff = object(object(Json.parseObject(new String(stdout.get(), StandardCharsets.UTF_8)).get("diagnosis")).get("diff"));
            if (!"canonicalRequest".equals(diff.get("field"))) return null;
            List<String> lines = new ArrayList<>();
            for (Map<String, Object> line : objects(diff.get("lines"))) {
                String mark = switch (String.valueOf(line.get("op"))) {
                    case "removed" -> "  - ";
                    case "added" -> "  + ";
                    default -> "    ";
                };
                lines.add("  " + mark + visible(String.valueOf(line.get("text"))));
            }
            return lines;
        } catch (IOException | ExecutionException | IllegalArgumentException e) {
            return null; // the journal's own diagnosis is still shown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void stop(Process process) {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Object status(Map<String, Object> entry) {
        Object status = object(entry.get("response")).get("status");
        return status == null ? "?" : status;
    }

    /** A canonical-request line with its control characters shown, so that a stray \r is seen. */
    private static String visible(String text) {
        return text.replace("\r", "\\r").replace("\t", "\\t");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Object value) {
        return value instanceof List ? (List<Map<String, Object>>) value : List.of();
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) list.forEach(item -> out.add(String.valueOf(item)));
        return out;
    }

    /** Splits a command line on spaces, honouring single and double quotes and backslash escapes. */
    static List<String> splitCommand(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < command.length()) word.append(command.charAt(++i));
                else word.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw new IllegalArgumentException("unbalanced quote in the sigkit command: " + command);
        if (inWord) words.add(word.toString());
        if (words.isEmpty()) throw new IllegalArgumentException("the sigkit command is empty");
        return words;
    }
}
