package io.instancelock.bench;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Uncontended acquire + release of one account through the public API, beside the bare
 * {@code FileChannel} floor writing the same JSON to the same disk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AcquireReleaseBenchmark {

    private static final AccountId ACCOUNT = AccountId.of("100001");

    private Path dir;
    private AccountLocks locks;
    private Path bareFile;
    private byte[] json;
    private byte[] marker;

    @Setup(Level.Trial)
    public void setUp() {
        dir = BenchDirs.fresh("acquire");
        locks = AccountLocks.open(dir);
        try (LockHandle sample = publicApi()) {
            json = LockJson.of(sample.record());
        }
        marker = LockJson.retired(UUID.randomUUID().toString());
        bareFile = dir.resolve("account_100002.lock");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        locks.close();
        BenchDirs.delete(dir);
    }

    /** {@code tryAcquire} + {@code close}: take the free account, write its record, remove it, let go. */
    @Benchmark
    public LockHandle acquireRelease() {
        LockHandle lock = publicApi();
        lock.close();
        return lock;
    }

    /** The floor: open + tryLock + write the same JSON + release + delete + close. */
    @Benchmark
    public void bareFloor() throws IOException {
        Floors.lockWriteRelease(bareFile, json);
    }

    /** The floor plus the syscalls lock-fs's protocol adds (lstat, read, truncate, retirement marker). */
    @Benchmark
    public void bareWithProtocolSteps() throws IOException {
        Floors.lockWriteReleaseWithProtocolSteps(bareFile, json, marker);
    }

    private LockHandle publicApi() {
        if (locks.tryAcquire(ACCOUNT, LockChild.BROKER) instanceof Acquisition.Acquired acquired) {
            return acquired.handle();
        }
        throw new IllegalStateException("account " + ACCOUNT + " was refused in " + dir);
    }
}
