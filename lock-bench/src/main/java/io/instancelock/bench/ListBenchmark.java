package io.instancelock.bench;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * List of a lock directory (a mix of held, stale and garbage files, see {@link LockDirectoryFixture}),
 * beside the floor: read the directory, then open, probe, read and close each file.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ListBenchmark {

    @Param({"10", "1000", "10000"})
    public int files;

    /** {@code small}: garbage of a few bytes; {@code large}: each garbage file a 1 MiB sparse file. */
    @Param({"small"})
    public String garbage;

    private LockDirectoryFixture fixture;
    private AccountLocks locks;
    private final ByteBuffer buffer = ByteBuffer.allocate(Floors.MAX_BYTES);

    @Setup(Level.Trial)
    public void setUp() {
        fixture = LockDirectoryFixture.create(files, garbage.equals("large"));
        locks = AccountLocks.open(fixture.dir);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        locks.close();
        fixture.close();
    }

    @Benchmark
    public List<LockStatus> list() {
        return locks.list();
    }

    @Benchmark
    public long bareList() throws IOException {
        return Floors.list(fixture.dir, buffer);
    }
}
