package io.instancelock.bench;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.fs.LockFileNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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
 * Inspect (what {@code lockctl status} does) of an account held by another process, of one held by
 * this process, and of a free one, beside the floor: open, probe the OS lock, read, close.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class InspectBenchmark {

    private static final AccountId HELD_ELSEWHERE = AccountId.of("200001");
    private static final AccountId FREE = AccountId.of("200002");
    private static final AccountId HELD_HERE = AccountId.of("200003");

    private Path dir;
    private ChildJvm holder;
    private AccountLocks locks;
    private LockHandle heldHere;
    private final ByteBuffer buffer = ByteBuffer.allocate(Floors.MAX_BYTES);

    @Setup(Level.Trial)
    public void setUp() {
        dir = BenchDirs.fresh("inspect");
        holder = ChildJvm.start(LockChild.class, dir.resolve("holder.log"), "api", dir.toString());
        holder.ask("take " + HELD_ELSEWHERE.value(), "took");
        locks = AccountLocks.open(dir);
        heldHere = ((Acquisition.Acquired) locks.tryAcquire(HELD_HERE, LockChild.BROKER)).handle();
        expect(HELD_ELSEWHERE, LockState.HELD);
        expect(HELD_HERE, LockState.HELD);
        expect(FREE, LockState.FREE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        heldHere.close();
        locks.close();
        holder.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public LockStatus heldByAnotherProcess() {
        return locks.inspect(HELD_ELSEWHERE);
    }

    @Benchmark
    public LockStatus heldByThisProcess() {
        return locks.inspect(HELD_HERE);
    }

    @Benchmark
    public LockStatus free() {
        return locks.inspect(FREE);
    }

    /** Floor for a held account: open, shared tryLock (refused), read the JSON, close. */
    @Benchmark
    public int bareHeldByAnotherProcess() throws IOException {
        return Floors.inspect(dir.resolve(LockFileNames.fileName(HELD_ELSEWHERE)), buffer);
    }

    /** Floor for a free account: an open that finds no file. */
    @Benchmark
    public int bareFree() throws IOException {
        return Floors.inspect(dir.resolve(LockFileNames.fileName(FREE)), buffer);
    }

    private void expect(AccountId account, LockState state) {
        LockStatus status = locks.inspect(account);
        if (status.state() != state) {
            throw new IllegalStateException("set-up failed: account " + account + " is "
                    + status.state().label() + " (" + status.reason() + "), expected " + state.label());
        }
    }
}
