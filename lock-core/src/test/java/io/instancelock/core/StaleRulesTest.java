package io.instancelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StaleRulesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-09T15:00:00Z"), ZoneOffset.UTC);
    private static final LocalDateTime CREATED = LocalDateTime.parse("2025-11-09T14:30:00");
    private static final Instant WRITTEN = Instant.parse("2025-11-09T14:30:00Z");
    private static final Instant BEFORE_CREATED = Instant.parse("2025-11-09T14:29:00Z");
    private static final Instant AFTER_CREATED = Instant.parse("2025-11-09T14:45:00Z");
    private static final String BOOT = "linux:6f1c:";

    private final FakeProcesses processes = new FakeProcesses();
    private final StaleRules rules = new StaleRules(processes, CLOCK, "trading-pc");

    private static LockRecord own(long pid, String host, BotProcess bot) {
        return new LockRecord(
                AccountId.of("123456"),
                pid,
                CREATED,
                "john",
                host,
                BEFORE_CREATED,
                null,
                bot,
                RecordOrigin.INSTANCE_LOCK);
    }

    private static LockRecord older(long pid, String host) {
        return older(pid, host, CREATED);
    }

    private static LockRecord older(long pid, String host, LocalDateTime createdAt) {
        return new LockRecord(
                AccountId.of("123456"), pid, createdAt, "john", host, null, null, null, RecordOrigin.OLDER_LAUNCHER);
    }

    private static BotProcess bot(long pid, Instant startedAt) {
        return new BotProcess(pid, startedAt, null, 0);
    }

    @Test
    void ownRecordIsHeldWhileItsOsLockIsHeld() {
        assertThat(rules.judge(own(100, "trading-pc", null), false, WRITTEN).state())
                .isEqualTo(LockState.HELD);
    }

    @Test
    void ownRecordWithAFreeOsLockIsStaleEvenWhenItsPidNamesALiveProcess() {
        // given: the pid has been reused by a live process
        processes.alive(100, AFTER_CREATED);
        // when
        StaleRules.Verdict verdict = rules.judge(own(100, "trading-pc", null), true, WRITTEN);
        // then
        assertThat(verdict.state()).isEqualTo(LockState.STALE);
        assertThat(verdict.reason()).contains("holder pid 100 has exited");
    }

    @Test
    void ownRecordWithAFreeOsLockIsJudgedStaleWithoutALookAtItsPidUntilTheReasonIsAskedFor() {
        // given
        processes.alive(100, BEFORE_CREATED);
        // when
        StaleRules.Verdict verdict = rules.judge(own(100, "trading-pc", null), true, WRITTEN);
        // then: a take-over, which needs the state alone, costs no look at the OS
        assertThat(verdict.state()).isEqualTo(LockState.STALE);
        assertThat(processes.asked()).isEmpty();
        // and the reason, once asked for, still says what is true of the pid
        assertThat(verdict.reason()).contains("pid 100 no longer holds the lock");
        assertThat(processes.asked()).containsExactly(100L);
    }

    @Test
    void ownRecordOfALiveHolderThatNoLongerHoldsTheLockSaysSoInsteadOfCallingItExited() {
        // given: the very process that wrote the record runs, but its OS lock is free
        processes.alive(100, BEFORE_CREATED);
        // when
        StaleRules.Verdict verdict = rules.judge(own(100, "trading-pc", null), true, WRITTEN);
        // then
        assertThat(verdict.state()).isEqualTo(LockState.STALE);
        assertThat(verdict.reason())
                .contains("pid 100 no longer holds the lock")
                .doesNotContain("exited");
    }

    @Test
    void ownRecordWithAFreeOsLockIsStaleWhateverHostItNames() {
        assertThat(rules.judge(own(100, "elsewhere", null), true, WRITTEN).state())
                .isEqualTo(LockState.STALE);
    }

    @Test
    void deadHolderWhoseBotStillRunsKeepsTheAccountHeld() {
        // given
        processes.alive(200, AFTER_CREATED);
        // when
        StaleRules.Verdict verdict = rules.judge(own(100, "trading-pc", bot(200, AFTER_CREATED)), true, WRITTEN);
        // then
        assertThat(verdict.state()).isEqualTo(LockState.HELD);
        assertThat(verdict.reason()).contains("bot (pid 200) is still running");
    }

    @Test
    void deadHolderWhoseBotExitedIsStale() {
        assertThat(rules.judge(own(100, "trading-pc", bot(200, AFTER_CREATED)), true, WRITTEN)
                        .state())
                .isEqualTo(LockState.STALE);
    }

    @Test
    void botPidReusedByAnotherProcessIsStale() {
        // given: pid 200 now names a process that started an hour after the bot did
        processes.alive(200, AFTER_CREATED.plusSeconds(3600));
        // then
        assertThat(rules.judge(own(100, "trading-pc", bot(200, AFTER_CREATED)), true, WRITTEN)
                        .state())
                .isEqualTo(LockState.STALE);
    }

    @Test
    void botWhoseLeaderExitedButWhoseGroupStillRunsKeepsTheAccountHeld() {
        // given: the wrapper script (pid 200) is gone; the python bot it started is still in its group
        processes.groupAlive(200);
        BotProcess grouped = new BotProcess(200, AFTER_CREATED, null, 200);
        // when
        StaleRules.Verdict verdict = rules.judge(own(100, "trading-pc", grouped), true, WRITTEN);
        // then
        assertThat(verdict.state()).isEqualTo(LockState.HELD);
        assertThat(verdict.reason()).contains("or a process it started").contains("still running");
    }

    @Test
    void botWhosePidNowLeadsAnotherProgramIsStaleEvenIfThatProgramHasAGroup() {
        // given: pid 200 was reused by an unrelated group leader after the bot's group had emptied
        processes.alive(200, AFTER_CREATED.plusSeconds(7200));
        BotProcess grouped = new BotProcess(200, AFTER_CREATED, null, 200);
        // then
        assertThat(rules.judge(own(100, "trading-pc", grouped), true, WRITTEN).state())
                .isEqualTo(LockState.STALE);
    }

    @Test
    void aClockStepBetweenRecordingAndJudgingDoesNotTurnALiveBotIntoAReusedPid() {
        // given: the bot was recorded at 14:45 with its exact start key; NTP then stepped the clock by
        // 40 s, so the OS now computes the same process's start as 14:45:40
        String key = BOOT + "812345";
        processes.alive(200, AFTER_CREATED.plusSeconds(40), key);
        BotProcess recorded = new BotProcess(200, AFTER_CREATED, key, 0);
        // then
        assertThat(rules.judge(own(100, "trading-pc", recorded), true, WRITTEN).state())
                .isEqualTo(LockState.HELD);
    }

    @Test
    void aDifferentStartKeyIsAReusedPidEvenWithTheSameStartTime() {
        // given: same second, but another process (or another boot)
        processes.alive(200, AFTER_CREATED, BOOT + "900000");
        BotProcess recorded = new BotProcess(200, AFTER_CREATED, BOOT + "812345", 0);
        // then
        assertThat(rules.judge(own(100, "trading-pc", recorded), true, WRITTEN).state())
                .isEqualTo(LockState.STALE);
    }

    @Test
    void botThatTheOsWillNotTellAboutIsUnknownNotHeld() {
        processes.unanswered(200);
        StaleRules.Verdict verdict = rules.judge(own(100, "trading-pc", bot(200, AFTER_CREATED)), true, WRITTEN);
        assertThat(verdict.state()).isEqualTo(LockState.UNKNOWN);
        assertThat(verdict.reason()).contains("release --force");
    }

    @Test
    void botOnAnotherHostCannotBeJudgedHere() {
        assertThat(rules.judge(own(100, "elsewhere", bot(200, AFTER_CREATED)), true, WRITTEN)
                        .state())
                .isEqualTo(LockState.UNKNOWN);
    }

    @Test
    void botOnAnotherHostThatDiesWithItsHolderIsStaleOnceTheClaimIsFree() {
        // given: a holder on another computer, killed; its bot was started to end with it
        BotProcess endsWithHolder = new BotProcess(200, AFTER_CREATED, null, 200, true);
        // when
        StaleRules.Verdict verdict = rules.judge(own(100, "elsewhere", endsWithHolder), true, WRITTEN);
        // then
        assertThat(verdict.state()).isEqualTo(LockState.STALE);
        assertThat(verdict.reason()).contains("pid 200").contains("elsewhere").contains("end with it");
    }

    @Test
    void botOnAnotherHostThatDiesWithItsHolderKeepsTheAccountHeldWhileTheClaimIsHeld() {
        BotProcess endsWithHolder = new BotProcess(200, AFTER_CREATED, null, 200, true);
        assertThat(rules.judge(own(100, "elsewhere", endsWithHolder), false, WRITTEN)
                        .state())
                .isEqualTo(LockState.HELD);
    }

    @Test
    void botOnThisHostThatDiesWithItsHolderIsStillJudgedByWhetherItRuns() {
        // given: the holder here is gone, but its bot (whatever it was recorded as) still runs
        processes.alive(200, AFTER_CREATED);
        BotProcess endsWithHolder = new BotProcess(200, AFTER_CREATED, null, 0, true);
        // then: a process this computer can see is never taken for dead
        assertThat(rules.judge(own(100, "trading-pc", endsWithHolder), true, WRITTEN)
                        .state())
                .isEqualTo(LockState.HELD);
    }

    @Test
    void olderLauncherRecordIsHeldWhileTheProcessThatWroteItRuns() {
        processes.alive(300, BEFORE_CREATED);
        assertThat(rules.judge(older(300, null), true, WRITTEN).state()).isEqualTo(LockState.HELD);
    }

    @Test
    void olderLauncherRecordWithADeadPidIsStale() {
        assertThat(rules.judge(older(300, null), true, WRITTEN).state()).isEqualTo(LockState.STALE);
    }

    @Test
    void olderLauncherRecordWhosePidStartedLongAfterTheWriteIsAReusedPid() {
        processes.alive(300, WRITTEN.plusSeconds(3600));
        StaleRules.Verdict verdict = rules.judge(older(300, null), true, WRITTEN);
        assertThat(verdict.state()).isEqualTo(LockState.STALE);
        assertThat(verdict.reason()).contains("1h 00m after the lock was written");
    }

    @Test
    void olderLauncherRecordWhosePidStartedShortlyAfterTheWriteIsUnknownNeverTakenOver() {
        // given: a pid reused a minute after the write, or a clock step of a minute: cannot be told
        processes.alive(300, WRITTEN.plusSeconds(60));
        // when
        StaleRules.Verdict verdict = rules.judge(older(300, null), true, WRITTEN);
        // then
        assertThat(verdict.state()).isEqualTo(LockState.UNKNOWN);
        assertThat(verdict.state().blocksAcquirers()).isTrue();
        assertThat(verdict.reason()).contains("1m 00s after").contains("release --force");
    }

    @Test
    void olderLauncherWriterInAnotherTimeZoneIsNotTakenOver() {
        // given: the older launcher runs with TZ=America/New_York and wrote its local time 09:30 at
        // 14:30 UTC; this reader runs with TZ=UTC, where 09:30 would be five hours before the write
        LockRecord record = older(300, null, LocalDateTime.parse("2025-11-09T09:30:00"));
        processes.alive(300, WRITTEN.minusSeconds(600));
        // then: the file's write time, which carries no zone, decides
        assertThat(rules.judge(record, true, WRITTEN).state()).isEqualTo(LockState.HELD);
    }

    @Test
    void reusedPidIsNotTakenForTheWriterBecauseOfATimeZone() {
        // given: the writer, in New York, wrote 09:30 local (14:30 UTC) and died; its pid was reused by
        // a process started at 16:00 UTC. A reader in Tokyo would read 09:30 as 00:30 UTC.
        LockRecord record = older(300, null, LocalDateTime.parse("2025-11-09T09:30:00"));
        processes.alive(300, Instant.parse("2025-11-09T16:00:00Z"));
        StaleRules tokyo = new StaleRules(processes, CLOCK.withZone(ZoneId.of("Asia/Tokyo")), "trading-pc");
        // then
        assertThat(tokyo.judge(record, true, WRITTEN).state()).isEqualTo(LockState.STALE);
    }

    @Test
    void olderLauncherWriterInTheRepeatedHourOfDaylightSavingIsNotTakenOver() {
        // given: America/New_York, 2025-11-02: 01:30 happens twice. The launcher started at 01:20 EST
        // (06:20Z, the second 01:20) and wrote 01:30 EST (06:30Z).
        Clock newYork = Clock.fixed(Instant.parse("2025-11-02T07:00:00Z"), ZoneId.of("America/New_York"));
        StaleRules rulesInNewYork = new StaleRules(processes, newYork, "trading-pc");
        LockRecord record = older(300, null, LocalDateTime.parse("2025-11-02T01:30:00"));
        processes.alive(300, Instant.parse("2025-11-02T06:20:00Z"));
        // then: with the write time, and also when the storage gives none (the later reading is used)
        assertThat(rulesInNewYork
                        .judge(record, true, Instant.parse("2025-11-02T06:30:00Z"))
                        .state())
                .isEqualTo(LockState.HELD);
        assertThat(rulesInNewYork.judge(record, true, null).state()).isEqualTo(LockState.HELD);
    }

    @Test
    void olderLauncherRecordIsUnknownWhenTheOsWillNotSay() {
        processes.unanswered(300);
        StaleRules.Verdict verdict = rules.judge(older(300, null), true, WRITTEN);
        assertThat(verdict.state()).isEqualTo(LockState.UNKNOWN);
        assertThat(verdict.reason()).contains("release --force");
    }

    @Test
    void olderLauncherRecordFromAnotherHostIsUnknownAndSaysHowToRemoveIt() {
        StaleRules.Verdict verdict = rules.judge(older(300, "other-pc"), true, WRITTEN);
        assertThat(verdict.state()).isEqualTo(LockState.UNKNOWN);
        assertThat(verdict.reason()).contains("other-pc").contains("admin action");
    }

    @Test
    void hostNamesMatchWithoutCaseOrDomain() {
        assertThat(rules.isLocal("Trading-PC.example.com")).isTrue();
        assertThat(rules.isLocal("trading-pc2")).isFalse();
    }
}
