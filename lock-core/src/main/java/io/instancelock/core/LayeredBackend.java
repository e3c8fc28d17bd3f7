package io.instancelock.core;

import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A lock directory and a lock server used together: this computer's lock files keep the older
 * launcher and local tools seeing every lock as before, and the server keeps other computers out.
 *
 * <p>Invariant: a claim is always the local claim first, then the server's, and is let go in reverse
 * (server first). Every process on one computer takes the local claim before it asks the server, so
 * two of them never hold one claim each and wait for the other's; a process on another computer only
 * meets us at the server. Nothing is held when either claim fails: a local claim whose server claim
 * was refused, timed out or failed is let go before the call returns.
 */
final class LayeredBackend implements LockBackend {

    private final LockBackend local;
    private final LockBackend server;

    LayeredBackend(LockBackend local, LockBackend server) {
        this.local = Objects.requireNonNull(local, "local");
        this.server = Objects.requireNonNull(server, "server");
    }

    @Override
    public Optional<Slot> tryClaim(AccountId account) {
        Optional<Slot> near = local.tryClaim(account);
        if (near.isEmpty()) {
            return near;
        }
        try {
            return withServer(near.get(), () -> server.tryClaim(account));
        } catch (InterruptedException e) {
            throw new AssertionError("a claim that does not wait was interrupted", e);
        }
    }

    @Override
    public Optional<Slot> claim(AccountId account, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<Slot> near = local.claim(account, timeout);
        if (near.isEmpty()) {
            return near;
        }
        return withServer(
                near.get(), () -> server.claim(account, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
    }

    /** The server's claim of a claim this computer holds; the local claim is let go unless both are held. */
    private static Optional<Slot> withServer(Slot near, ServerClaim far) throws InterruptedException {
        boolean both = false;
        try {
            Optional<Slot> remote = far.claim();
            both = remote.isPresent();
            return remote.map(claimed -> new LayeredSlot(near, claimed));
        } finally {
            if (!both) {
                near.close();
            }
        }
    }

    /** One claim at the server, waiting or not. */
    private interface ServerClaim {
        Optional<Slot> claim() throws InterruptedException;
    }

    /**
     * The server says who holds the account on any computer; the local look names an older launcher,
     * or a holder of this computer that is taking the server's claim right now.
     */
    @Override
    public Peek peek(AccountId account) {
        return peek(account, local::peek, server::peek);
    }

    /** A survey of both: each account is looked at as {@link #peek} does, through each side's survey. */
    @Override
    public Survey survey() {
        Survey near = local.survey();
        Survey far;
        try {
            far = server.survey();
        } catch (RuntimeException e) {
            near.close();
            throw e;
        }
        return new Survey() {
            @Override
            public Peek peek(AccountId account) {
                return LayeredBackend.peek(account, near::peek, far::peek);
            }

            @Override
            public void close() {
                try {
                    far.close();
                } finally {
                    near.close();
                }
            }
        };
    }

    /** One way of looking at an account, a backend's or a survey's. */
    private interface Look {
        Peek peek(AccountId account);
    }

    private static Peek peek(AccountId account, Look local, Look server) {
        Peek near = local.peek(account);
        if (near.claim() != Peek.Claim.FREE) {
            return near;
        }
        Peek far = server.peek(account);
        if (far.claim() != Peek.Claim.FREE) {
            return far;
        }
        if (near.content() instanceof SlotContent.Present present
                && present.record().origin() == RecordOrigin.OLDER_LAUNCHER) {
            return near;
        }
        return far.content() instanceof SlotContent.Present ? far : near;
    }

    @Override
    public List<AccountId> accounts() {
        TreeSet<AccountId> all = new TreeSet<>(local.accounts());
        all.addAll(server.accounts());
        return new ArrayList<>(all);
    }

    @Override
    public List<String> strayEntries() {
        return local.strayEntries();
    }

    @Override
    public boolean requestStop(AccountId account) {
        return server.requestStop(account);
    }

    @Override
    public String location() {
        return local.location() + " with lock server " + server.location();
    }

    @Override
    public String locationOf(AccountId account) {
        return local.locationOf(account) + " and " + server.locationOf(account);
    }

    /** The server's side is let go first, as every release is. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            local.close();
        }
    }

    /** Both claims of one account. */
    static final class LayeredSlot implements Slot {
        private final Slot local;
        private final Slot server;

        LayeredSlot(Slot local, Slot server) {
            this.local = local;
            this.server = server;
        }

        /**
         * What either side stored, for core to judge (an older launcher's record exists only in the
         * file, a holder on another computer only on the server): the server's record where there is
         * one, as the last holder on any computer wrote it, else the file's.
         */
        @Override
        public SlotContent content() {
            return contents().get(0);
        }

        /** Both contents, the one that names the latest holder first; core refuses if either blocks. */
        List<SlotContent> contents() {
            SlotContent near = local.content();
            SlotContent far = server.content();
            if (near instanceof SlotContent.Present present
                    && present.record().origin() == RecordOrigin.OLDER_LAUNCHER) {
                return List.of(near, far);
            }
            return far instanceof SlotContent.Present ? List.of(far, near) : List.of(near, far);
        }

        @Override
        public void write(LockRecord record) {
            local.write(record);
            server.write(record);
        }

        @Override
        public void retire() {
            try {
                server.retire();
            } finally {
                local.retire();
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                local.close();
            }
        }

        @Override
        public String location() {
            return local.location() + " and " + server.location();
        }

        @Override
        public java.util.concurrent.CompletionStage<String> lost() {
            return local.lost().toCompletableFuture().applyToEither(server.lost(), reason -> reason);
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> stopRequested() {
            return server.stopRequested();
        }

        @Override
        public void watch(java.util.function.Predicate<SlotContent> mayOverwrite) {
            local.watch(mayOverwrite);
            server.watch(mayOverwrite);
        }

        @Override
        public Optional<Duration> confirmationDeadline() {
            return server.confirmationDeadline();
        }

        @Override
        public java.util.OptionalLong fencingToken() {
            return server.fencingToken();
        }
    }
}
