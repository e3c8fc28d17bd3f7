package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LocalHost;
import io.instancelock.core.LockRecord;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.core.RecordOrigin;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Where each kind of holder is said to run, with processes answered by the test. */
class WhereaboutsTest {

    private static final long SELF = 1000;
    private static final AccountId ACCOUNT = AccountId.of("100001");
    private static final LocalDateTime SINCE = LocalDateTime.of(2025, 11, 9, 14, 30);

    /** Processes that run, and their command lines. */
    private record Processes(Set<Long> running, Map<Long, String> commands) implements HolderProcesses {
        @Override
        public boolean holderRuns(LockRecord record) {
            return running.contains(record.pid());
        }

        @Override
        public boolean botRuns(BotProcess bot) {
            return running.contains(bot.pid());
        }

        @Override
        public Optional<String> commandLine(long pid) {
            return Optional.ofNullable(commands.get(pid));
        }

        @Override
        public boolean terminateHolder(LockRecord record) {
            return true;
        }

        @Override
        public boolean terminateBot(BotProcess bot) {
            return true;
        }

        @Override
        public CompletableFuture<?> onExit(long pid) {
            return new CompletableFuture<>();
        }
    }

    private static LockRecord record(long pid, String host, Long bot, RecordOrigin origin) {
        return new LockRecord(
                ACCOUNT,
                pid,
                SINCE,
                "john",
                host,
                null,
                null,
                bot == null ? null : new BotProcess(bot, null, null, 0),
                origin);
    }

    private static Whereabouts judge(LockState state, LockRecord holder, Processes processes) {
        return Whereabouts.of(
                new LockStatus(ACCOUNT, state, holder, "held by pid 42", "/locks/x.lock"), SELF, processes);
    }

    private static final Processes NONE = new Processes(Set.of(), Map.of());

    @Test
    void thisLauncherOwnLockIsThisWindow() {
        Whereabouts where =
                judge(LockState.HELD, record(SELF, LocalHost.name(), 1001L, RecordOrigin.INSTANCE_LOCK), NONE);

        assertThat(where.place()).isEqualTo(Place.THIS_WINDOW);
        assertThat(where.label()).isEqualTo("this window");
        assertThat(where.explanation()).startsWith("This window holds the account; its bot runs as pid 1001.");
    }

    @Test
    void aLiveHolderHereIsNamedByWhatItRuns() {
        Map<Long, String> commands = Map.of(
                42L, "/usr/bin/java -jar /home/me/instance-lock/lock-gui/target/lock-gui.jar --start",
                43L, "/usr/bin/java -jar /home/me/instance-lock/lock-cli/target/lockctl.jar run 1 -- bot",
                44L, "python3 bot.py");
        Processes processes = new Processes(Set.of(42L, 43L, 44L), commands);
        String[] expected = {
            "another launcher on this computer", "lockctl on this computer", "another program on this computer"
        };
        for (int i = 0; i < 3; i++) {
            Whereabouts where =
                    judge(LockState.HELD, record(42 + i, null, null, RecordOrigin.INSTANCE_LOCK), processes);

            assertThat(where.place()).isEqualTo(Place.THIS_COMPUTER);
            assertThat(where.label()).isEqualTo(expected[i]);
            assertThat(where.canStop()).isTrue();
            assertThat(where.canClean()).isFalse();
            assertThat(where.target()).isEqualTo(42 + i);
            assertThat(where.explanation()).startsWith("Held by pid 42. Stop asks it to end, as lockctl stop does.");
        }
    }

    @Test
    void aBotWhoseHolderIsGoneIsAnOrphanedBotAndStopSignalsTheBot() {
        Processes onlyTheBot = new Processes(Set.of(77L), Map.of());

        Whereabouts where =
                judge(LockState.HELD, record(42, LocalHost.name(), 77L, RecordOrigin.INSTANCE_LOCK), onlyTheBot);

        assertThat(where.place()).isEqualTo(Place.ORPHANED_BOT);
        assertThat(where.label()).isEqualTo("orphaned bot pid 77");
        assertThat(where.place().tone()).isEqualTo(Tone.WARNING);
        assertThat(where.target()).isEqualTo(77);
        assertThat(where.canStop()).isTrue();
        assertThat(where.explanation())
                .startsWith("The launcher that started this bot (pid 42) is gone, but its bot (pid 77) still trades")
                .contains("kill 77");
    }

    @Test
    void aHolderOnAnotherComputerCannotBeStoppedFromHere() {
        Whereabouts where = judge(LockState.HELD, record(42, "office-pc", null, RecordOrigin.INSTANCE_LOCK), NONE);

        assertThat(where.place()).isEqualTo(Place.OTHER_COMPUTER);
        assertThat(where.label()).isEqualTo("another computer (office-pc)");
        assertThat(where.canStop()).isFalse();
        assertThat(where.explanation()).startsWith("Held on host office-pc: it can only be stopped there.");
    }

    @Test
    void withALockServerAHolderOnAnotherComputerCanBeAskedToStopThroughIt() {
        // given
        LockRecord holder = record(42, "office-pc", null, RecordOrigin.INSTANCE_LOCK);
        // when
        Whereabouts where = Whereabouts.of(
                new LockStatus(ACCOUNT, LockState.HELD, holder, "held by pid 42", "/locks/x.lock"), SELF, NONE, true);
        // then
        assertThat(where.place()).isEqualTo(Place.OTHER_COMPUTER);
        assertThat(where.canStop()).isTrue();
        assertThat(where.explanation()).startsWith("Held on host office-pc. Stop asks it through the lock server");
    }

    @Test
    void anOlderLauncherIsStoppableOnlyOnThisComputer() {
        Whereabouts here = judge(LockState.HELD, record(42, null, null, RecordOrigin.OLDER_LAUNCHER), NONE);
        Whereabouts there = judge(LockState.UNKNOWN, record(42, "office-pc", null, RecordOrigin.OLDER_LAUNCHER), NONE);

        assertThat(here.label()).isEqualTo("older launcher");
        assertThat(here.canStop()).isTrue();
        assertThat(there.place()).isEqualTo(Place.OLDER_LAUNCHER);
        assertThat(there.label()).isEqualTo("older launcher on office-pc");
        assertThat(there.canStop()).isFalse();
    }

    @Test
    void aStaleLockCanBeCleanedAndAnUnreadableHeldOneNeither() {
        Whereabouts stale = judge(LockState.STALE, record(42, null, null, RecordOrigin.INSTANCE_LOCK), NONE);
        Whereabouts unreadable = judge(LockState.HELD, null, NONE);

        assertThat(stale.place()).isEqualTo(Place.STALE);
        assertThat(stale.label()).isEqualTo("stale");
        assertThat(stale.canClean()).isTrue();
        assertThat(stale.canStop()).isFalse();
        assertThat(stale.blocks()).isFalse();
        assertThat(stale.explanation()).contains("Clean removes the file", "Holder: broker john, pid 42");
        assertThat(unreadable.place()).isEqualTo(Place.UNREADABLE);
        assertThat(unreadable.canStop()).isFalse();
        assertThat(unreadable.canClean()).isFalse();
        assertThat(unreadable.blocks()).isTrue();
    }
}
