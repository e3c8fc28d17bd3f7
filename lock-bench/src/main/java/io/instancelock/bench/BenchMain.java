package io.instancelock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole benchmark: the JMH benchmarks (in-process figures), then the child-JVM harness
 * (hand-over, crash recovery and start-up), and prints one table with each figure beside its floor and
 * the project's target.
 *
 * <p>Options: {@code --quick} (a smoke run: short iterations, few rounds; its figures are not
 * results), {@code --out FILE} (also write the table there), {@code --skip-jmh}, {@code --skip-cross},
 * {@code --skip-pg} (no lock server rows), {@code --startup-only} (only the start-up rows),
 * {@code --lockctl COMMAND} (measure the start-up of {@code COMMAND status}, {@code list} and
 * {@code run}, e.g. {@code bin/lockctl}).
 */
public final class BenchMain {

    private final boolean quick;
    private final Report report = new Report();

    private BenchMain(boolean quick) {
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        for (String option : options) {
            if (option.startsWith("--")
                    && !List.of(
                                    "--quick",
                                    "--out",
                                    "--skip-jmh",
                                    "--skip-cross",
                                    "--skip-pg",
                                    "--startup-only",
                                    "--lockctl")
                            .contains(option)) {
                System.err.println("unknown option " + option + "; the options are --quick, --out FILE, --skip-jmh, "
                        + "--skip-cross, --skip-pg, --startup-only, --lockctl COMMAND");
                System.exit(2);
            }
        }
        BenchMain bench = new BenchMain(options.contains("--quick"));
        Path base = BenchDirs.base();
        String machine = Machine.describe(base);
        String loadBefore = Machine.loadAverage();
        Instant started = Instant.now();
        System.out.println("instance-lock benchmark on " + machine + "; load average " + loadBefore);

        if (options.contains("--startup-only")) {
            bench.startup(valueOf(options, "--lockctl"));
        } else {
            // The lists come after the phases that create files: see lists().
            if (!options.contains("--skip-jmh")) {
                bench.acquireAndInspect();
            }
            if (!options.contains("--skip-cross")) {
                bench.crossProcess(valueOf(options, "--lockctl"));
            }
            if (!options.contains("--skip-jmh")) {
                bench.lists();
            }
            if (!options.contains("--skip-pg")) {
                bench.lockServer();
            }
        }

        long settled = Machine.settleWaited().toSeconds();
        String summary = "Measured " + started.truncatedTo(ChronoUnit.SECONDS) + " on " + machine + ".\n"
                + "Load average before: " + loadBefore + "; after: " + Machine.loadAverage() + ". Took "
                + Math.round((Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0) + " s"
                + (settled > 0 ? ", of which " + settled + " s waiting for file creation to return to speed" : "")
                + (bench.quick ? " (--quick: a smoke run, not results)" : "") + ".\n\n" + bench.report.render();
        System.out.println();
        System.out.println(summary);
        Optional<String> out = valueOf(options, "--out");
        if (out.isPresent()) {
            Path file = Path.of(out.get());
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, summary);
            System.out.println("written to " + file);
        }
    }

    private static Optional<String> valueOf(List<String> options, String name) {
        int at = options.indexOf(name);
        if (at < 0) {
            return Optional.empty();
        }
        if (at + 1 >= options.size()) {
            System.err.println(name + " needs a value");
            System.exit(2);
        }
        return Optional.of(options.get(at + 1));
    }

    private void acquireAndInspect() throws RunnerException, InterruptedException {
        Machine.settleDisk(); // the build before has just written its jars and archives
        Jmh jmh = new Jmh(run(jmhOptions()
                .include(AcquireReleaseBenchmark.class.getName() + "\\.")
                .include(InspectBenchmark.class.getName() + "\\.")));
        Result acquire = jmh.score("AcquireReleaseBenchmark.acquireRelease");
        Result floor = jmh.score("AcquireReleaseBenchmark.bareFloor");
        report.add(
                "acquire + release, uncontended",
                time(acquire),
                time(floor) + " (bare FileChannel)",
                Report.ratio(acquire.getScore(), floor.getScore()),
                "≤ 2× floor",
                Report.verdict(acquire.getScore() <= 2 * floor.getScore()));
        Result protocol = jmh.score("AcquireReleaseBenchmark.bareWithProtocolSteps");
        report.add(
                "&nbsp;&nbsp;the floor plus lock-fs's protocol syscalls",
                "—",
                time(protocol),
                Report.ratio(protocol.getScore(), floor.getScore()) + " of floor",
                "—",
                "—");

        inspectRow(jmh, "inspect, held by another process", "heldByAnotherProcess", "bareHeldByAnotherProcess");
        inspectRow(jmh, "inspect, held by this process", "heldByThisProcess", null);
        inspectRow(jmh, "inspect, free", "free", "bareFree");
        report.note(jmhNote());
    }

    /**
     * The list benchmarks, measured after every phase that creates files: their fixtures remove
     * thousands of files at once, which slows file creation for a minute ({@link Machine#settleDisk}).
     */
    private void lists() throws RunnerException, InterruptedException {
        Machine.settleDisk();
        Jmh jmh = new Jmh(run(jmhOptions().include(ListBenchmark.class.getName() + "\\.")));
        jmh.addAll(run(jmhOptions()
                .include(ListBenchmark.class.getName() + "\\.list$")
                .param("files", "10000")
                .param("garbage", "large")));
        for (String files : List.of("10", "1000", "10000")) {
            Result list = jmh.score("ListBenchmark.list", "files", files, "garbage", "small");
            Result bare = jmh.score("ListBenchmark.bareList", "files", files, "garbage", "small");
            boolean targeted = files.equals("10000");
            report.add(
                    "list of " + files + " lock files",
                    time(list),
                    time(bare),
                    Report.ratio(list.getScore(), bare.getScore()),
                    targeted ? "< 500 ms" : "—",
                    targeted ? Report.verdict(inMillis(list) < 500) : "—");
        }
        double small = jmh.allocated("ListBenchmark.list", "files", "10000", "garbage", "small");
        double large = jmh.allocated("ListBenchmark.list", "files", "10000", "garbage", "large");
        Result largeTime = jmh.score("ListBenchmark.list", "files", "10000", "garbage", "large");
        report.add(
                "memory of a list of 10,000: allocated per list",
                megabytes(large) + " with 3,333 garbage files of 1 MiB (" + time(largeTime) + ")",
                megabytes(small) + " with garbage files of < 100 bytes",
                Report.ratio(large, small),
                "does not grow with file sizes",
                Report.verdict(large < small * 1.25));
    }

    private String jmhNote() {
        return "acquire, inspect and list: JMH average time per operation ± its 99.9% error, 1 fork, "
                + (quick ? "1 × 0.3 s warm-up, 2 × 0.3 s measurement" : "3 × 1 s warm-up, 5 × 1 s measurement")
                + "; memory: JMH's gc profiler (gc.alloc.rate.norm).";
    }

    private void inspectRow(Jmh jmh, String figure, String method, String floorMethod) {
        Result measured = jmh.score("InspectBenchmark." + method);
        if (floorMethod == null) {
            report.add(figure, time(measured), "—", "—", "—", "—");
            return;
        }
        Result floor = jmh.score("InspectBenchmark." + floorMethod);
        report.add(figure, time(measured), time(floor), Report.ratio(measured.getScore(), floor.getScore()), "—", "—");
    }

    private void crossProcess(Optional<String> lockctl) throws Exception {
        WarmUp warmUp = quick ? WarmUp.QUICK : WarmUp.FULL;
        int measured = quick ? 500 : 1000;
        System.out.println("hand-over: " + measured + " measured rounds once both JVMs are warm (at least "
                + warmUp.minRounds() + " rounds, until their JIT compilers are quiet), public API ...");
        Machine.settleDisk();
        HandOverRun.Result api = new HandOverRun(warmUp, measured).run("api");
        System.out.println("hand-over: the same with bare FileChannel locks ...");
        Machine.settleDisk();
        HandOverRun.Result bare = new HandOverRun(warmUp, measured).run("bare");
        Latencies a = api.latencies();
        Latencies b = bare.latencies();
        report.add(
                "hand-over A releases → B acquires, p50",
                ms(a.p50()),
                ms(b.p50()) + " (kernel wake-up)",
                Report.ratio(a.p50(), b.p50()),
                "< 0.5 ms",
                Report.verdict(a.p50() < 500_000));
        report.add(
                "hand-over, p99",
                ms(a.p99()),
                ms(b.p99()),
                Report.ratio(a.p99(), b.p99()),
                "< 2 ms",
                Report.verdict(a.p99() < 2_000_000));
        report.add("hand-over, max", ms(a.max()), ms(b.max()), Report.ratio(a.max(), b.max()), "—", "—");
        report.add(
                "hand-over, the first one (cold JVMs, not in the above)",
                ms(api.coldFirstNanos()),
                ms(bare.coldFirstNanos()),
                Report.ratio(api.coldFirstNanos(), bare.coldFirstNanos()),
                "—",
                "—");
        int splitRounds = quick ? 200 : 500;
        System.out.println("hand-over split: " + splitRounds + " rounds an API holder → a bare waiter ...");
        Machine.settleDisk();
        HandOverRun.Result split = new HandOverRun(warmUp, splitRounds).runFixedRoles("api", "bare");
        Latencies releasing = split.latencies();
        report.add(
                "&nbsp;&nbsp;split: API holder releases → bare waiter, p50 / p99",
                ms(releasing.p50()) + " / " + ms(releasing.p99()),
                "—",
                Report.ratio(releasing.p50(), b.p50()) + " of floor",
                "—",
                "—");
        report.note("each JMH part and each cross-process phase start after sync, and once creating a file in"
                + " the lock directory's file system takes under 0.1 ms: after thousands of files were removed"
                + " at once (the lists' fixtures), ext4 without a journal scans past their inodes in every file"
                + " creation for a minute (0.9 ms each, measured), and a hand-over creates a file where its floor"
                + " does not. The lists run after the cross-process phases for that reason.");
        report.note("hand-over: " + a.count() + " measured hand-overs between two JVMs (API: after "
                + api.warmed().describe() + "; bare: after " + bare.warmed().describe() + "; split: after "
                + split.warmed().describe() + "). A round is measured only once both JVMs' JIT compilers were"
                + " quiet: until then a compiler thread shares the two cores with the waiter and makes the tail"
                + " (docs/benchmarks.md, run 12). Each round started only once the waiter was seen blocked in /proc/locks (not seen "
                + "within 2 s: " + api.waiterNotSeen() + " API, " + bare.waiterNotSeen() + " bare); from "
                + "System.nanoTime() just before the holder's release to just after the waiter's "
                + "acquire(id, broker, timeout) returned. The floor is a plain FileChannel.lock() waiter on a "
                + "file that is never deleted. The split row keeps the roles fixed (" + splitRounds
                + " rounds) with the library releasing to a bare waiter: the release's share. (The opposite split,"
                + " a bare holder releasing to the library, is not measured: a bare holder takes no guard byte, so"
                + " the library's waiter can only poll the lock file it holds, which no instance-lock holder makes"
                + " it do.)");

        int crashWarmUp = quick ? 1 : 5;
        int rounds = quick ? 5 : 50;
        System.out.println("crash recovery: " + crashWarmUp + " warm-up and " + rounds
                + " measured SIGKILLed holders each, in turn: public API holders and waiter, the same holders"
                + " with a bare FileChannel waiter, bare holders and waiter ...");
        Machine.settleDisk();
        List<CrashRecoveryRun.Result> crashes = new CrashRecoveryRun(crashWarmUp, rounds)
                .run(List.of(
                        new CrashRecoveryRun.Setup("api", "api"),
                        new CrashRecoveryRun.Setup("api", "bare"),
                        new CrashRecoveryRun.Setup("bare", "bare")));
        CrashRecoveryRun.Result crashApi = crashes.get(0);
        CrashRecoveryRun.Result crashKernel = crashes.get(1);
        CrashRecoveryRun.Result crashBare = crashes.get(2);
        Latencies c = crashApi.latencies();
        Latencies k = crashKernel.latencies();
        Latencies d = crashBare.latencies();
        report.add(
                "crash recovery SIGKILL → waiter acquires, p50",
                ms(c.p50()),
                ms(k.p50()) + " (bare waiter, same holders); " + ms(d.p50()) + " (bare holders and waiter)",
                Report.ratio(c.p50(), k.p50()),
                "< 5 ms",
                Report.verdict(c.p50() < 5_000_000));
        report.add(
                "crash recovery, p99 / max",
                ms(c.p99()) + " / " + ms(c.max()),
                ms(k.p99()) + " / " + ms(k.max()) + "; " + ms(d.p99()) + " / " + ms(d.max()),
                Report.ratio(c.p99(), k.p99()),
                "p99 < 20 ms",
                Report.verdict(c.p99() < 20_000_000));
        report.add(
                "crash recovery, the first one (cold waiter JVM, not in the above)",
                ms(crashApi.coldFirstNanos()),
                ms(crashKernel.coldFirstNanos()) + "; " + ms(crashBare.coldFirstNanos()),
                Report.ratio(crashApi.coldFirstNanos(), crashKernel.coldFirstNanos()),
                "—",
                "—");
        report.note("crash recovery: " + c.count() + " measured rounds of each setup (after " + crashWarmUp
                + " warm-up ones), the setups in turn (the order reversed every other round), each a new holder JVM killed with SIGKILL once the waiter was seen blocked (not seen within 2 s: "
                + crashApi.waiterNotSeen() + " API, " + crashKernel.waiterNotSeen() + " bare waiter, "
                + crashBare.waiterNotSeen() + " bare); from System.nanoTime() just before the kill to just after "
                + "the waiter's acquire returned. Linux frees a killed process's memory before it closes its files "
                + "(which releases its locks), so the floor is given twice: a bare waiter behind the same API holders "
                + "(the ratio is against this one), and bare holders, whose JVM is smaller.");

        startup(lockctl);
    }

    private void startup(Optional<String> lockctl) throws IOException, InterruptedException {
        Machine.settleDisk();
        int startupRounds = quick ? 6 : 30;
        StartupRun.Result startup = new StartupRun(startupRounds).run(lockctl);
        Latencies h = startup.helloWorld();
        report.add("hello-world java start-up (the floor below), p50 (p25–p75)", "—", spread(h), "—", "—", "—");
        if (startup.times().size() == 1) {
            report.add(
                    "`lockctl` start-up",
                    "pending (no lockctl to run)",
                    ms(h.p50()) + " (hello-world java, p50)",
                    "—",
                    "≤ 2× hello world (run ≤ 3×)",
                    "pending");
        }
        startup.times().forEach((name, times) -> {
            if (name.equals(StartupRun.HELLO)) {
                return;
            }
            double limit = name.equals(StartupRun.RUN_TRUE) ? 3 : 2;
            report.add(
                    name + " start-up, p50 (p25–p75)",
                    spread(times),
                    ms(h.p50()) + " (hello-world java)",
                    Report.ratio(times.p50(), h.p50()),
                    (limit == 3 ? "≤ 3×" : "≤ 2× (aim 1.5×)") + " hello world",
                    Report.verdict(times.p50() <= limit * h.p50()));
        });
        report.note("start-up: wall time from this JVM's ProcessBuilder.start() to the process's exit, "
                + startupRounds + " interleaved rounds (each round starts every command once, the order reversed "
                + "every other round) after 2 unmeasured ones; lockctl as bin/lockctl starts it, its start-up "
                + "archive included when the build made one.");
    }

    /** p50 and the middle half of the values, e.g. {@code 61.2 ms (55.0–70.3)}. */
    private static String spread(Latencies times) {
        return ms(times.p50()) + " (" + Latencies.millis(times.percentile(25)) + "–"
                + Latencies.millis(times.percentile(75)) + ")";
    }

    private ChainedOptionsBuilder jmhOptions() {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(1)
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-D" + BenchDirs.PROPERTY + "=" + BenchDirs.base())
                .shouldFailOnError(true);
        if (quick) {
            options.warmupIterations(1)
                    .warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(2)
                    .measurementTime(TimeValue.milliseconds(300));
        }
        return options;
    }

    private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
        return new Runner(options.build()).run();
    }

    private static String time(Result result) {
        return String.format(
                Locale.ROOT,
                "%s ± %s %s",
                number(result.getScore()),
                number(result.getScoreError()),
                result.getScoreUnit().replace("us/op", "µs").replace("ms/op", "ms"));
    }

    private static String number(double value) {
        return Double.isNaN(value)
                ? "?"
                : String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }

    /** The lock server backend (lock-pg) on a PostgreSQL started here, with its default timings. */
    private void lockServer() throws Exception {
        int warmUp = quick ? 20 : 100;
        int measured = quick ? 100 : 500;
        System.out.println("lock server: round trips, " + measured + " acquire + release, " + measured
                + " hand-overs between two JVMs, then one frozen network (about 20 s) ...");
        PgBench.Result pg = new PgBench(warmUp, measured).run();
        report.add(
                "lock server: round trips, acquire + release (warm connection)",
                pg.acquireTrips() + " + " + pg.releaseTrips(),
                "—",
                "—",
                "2 per acquisition",
                Report.verdict(pg.acquireTrips() <= 2));
        report.add(
                "lock server: acquire + release, p50 / p99",
                ms(pg.acquireRelease().p50()) + " / " + ms(pg.acquireRelease().p99()),
                "—",
                "—",
                "—",
                "—");
        report.add(
                "lock server: hand-over to a waiter in another JVM, p50",
                ms(pg.handOver().p50()),
                "—",
                "—",
                "< 5 ms",
                Report.verdict(pg.handOver().p50() < 5_000_000));
        report.add(
                "lock server: hand-over, p99 / max",
                ms(pg.handOver().p99()) + " / " + ms(pg.handOver().max()),
                "—",
                "—",
                "—",
                "—");
        report.add(
                "lock server: frozen network → holder counts the lock lost",
                String.format(Locale.ROOT, "%.1f s", pg.lossNanos() / 1e9),
                String.format(Locale.ROOT, "%.1f s (server gives it away)", pg.giveAwayNanos() / 1e9),
                "—",
                "lost before given away",
                Report.verdict(pg.lossNanos() < pg.giveAwayNanos()));
        report.note("lock server: PostgreSQL from zonky's embedded binaries on localhost, lock-pg's default timings"
                + " (heartbeat 2 s, lost after 10 s without one, the server ends a silent session at 20 s). Round trips"
                + " are counted by a proxy (one each time the client speaks after the server). Hand-over: from"
                + " System.nanoTime() just before the holder's close() to just after the waiter's"
                + " tryAcquire(id, broker, timeout) returned, each round started once the server showed the waiter"
                + " waiting; " + measured + " rounds after " + warmUp + " warm-up ones.");
    }

    private static double inMillis(Result result) {
        return result.getScoreUnit().startsWith("us") ? result.getScore() / 1000 : result.getScore();
    }

    private static String ms(long nanos) {
        return Latencies.millis(nanos) + " ms";
    }

    private static String megabytes(double bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** JMH results, found by benchmark (class.method) and parameters. */
    private static final class Jmh {
        private final List<RunResult> results;

        Jmh(Collection<RunResult> results) {
            this.results = new ArrayList<>(results);
        }

        void addAll(Collection<RunResult> more) {
            results.addAll(more);
        }

        Result score(String benchmark, String... params) {
            return find(benchmark, params).getPrimaryResult();
        }

        double allocated(String benchmark, String... params) {
            Map<String, Result> secondary = find(benchmark, params).getSecondaryResults();
            return secondary.entrySet().stream()
                    .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                    .findFirst()
                    .map(e -> e.getValue().getScore())
                    .orElse(Double.NaN);
        }

        private RunResult find(String benchmark, String... params) {
            for (RunResult result : results) {
                if (!result.getParams().getBenchmark().endsWith("." + benchmark)) {
                    continue;
                }
                boolean matches = true;
                for (int i = 0; i < params.length; i += 2) {
                    matches &= params[i + 1].equals(result.getParams().getParam(params[i]));
                }
                if (matches) {
                    return result;
                }
            }
            throw new IllegalStateException("JMH gave no result for " + benchmark + " " + Arrays.toString(params));
        }
    }
}
