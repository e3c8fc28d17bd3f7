package io.instancelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StaleRulesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-09T15:00:00Z"), ZoneOffset.UTC);
    private static final LocalDateTime CREATED = LocalDateTime.parse("2025-11-09T14:30:00");
    private static final Instant BEFORE_CREATED = Instant.parse("2025-11-09T14:29:00Z");
    private static final Instant AFTER_CREATED = Instant.parse("2025-11-09T14:45:00Z");

    private final FakeProbe probe = new FakeProbe();
    private final StaleRules rules = new StaleRules(probe, CLOCK, "trading-pc");

    private static LockRecord own(long pid, String host, BotProcess bot) {
        return new LockRecord(
                AccountId.of("123456"), pid, CREATED, "john", host, BEFORE_CREATED, bot, RecordOrigin.INSTANCE_LOCK);
    }

    private static LockRecord older(long pid, String host) {
        return new LockRecord(
                AccountId.of("123456"), pid, CREATED, "john", host, null, null, RecordOrigin.OLDER_LAUNCHER);
    }

    @Test
    void ownRecordIsHeldWhileItsOsLockIsHeld() {
        assertThat(rules.judge(own(100, "trading-pc", null), false).state()).isEqualTo(LockState.HELD);
    }

    @Test
    void ownRecordWithAFreeOsLockIsStaleEvenWhenItsPidNamesALiveProcess() {
        // given: the pid has been reused by a live process
        probe.alive(100, BEFORE_CREATED);
        // then
        assertThat(rules.judge(own(100, "trading-pc", null), true).state()).isEqualTo(LockState.STALE);
    }

    @Test
    void ownRecordWithAFreeOsLockIsStaleWhateverHostItNames() {
        assertThat(rules.judge(own(100, "elsewhere", null), true).state()).isEqualTo(LockState.STALE);
    }

    @Test
    void deadHolderWhoseBotStillRunsKeepsTheAccountHeld() {
        // given
        probe.alive(200, AFTER_CREATED);
        // when
        StaleRules.Verdict verdict = rules.judge(own(100, "trading-pc", new BotProcess(200, AFTER_CREATED)), true);
        // then
        assertThat(verdict.state()).isEqualTo(LockState.HELD);
        assertThat(verdict.reason()).contains("bot (pid 200) is still running");
    }

    @Test
    void deadHolderWhoseBotExitedIsStale() {
        assertThat(rules.judge(own(100, "trading-pc", new BotProcess(200, AFTER_CREATED)), true)
                        .state())
                .isEqualTo(LockState.STALE);
    }

    @Test
    void botPidReusedByAnotherProcessIsStale() {
        // given: pid 200 now names a process that started an hour after the bot did
        probe.alive(200, AFTER_CREATED.plusSeconds(3600));
        // then
        assertThat(rules.judge(own(100, "trading-pc", new BotProcess(200, AFTER_CREATED)), true)
                        .state())
                .isEqualTo(LockState.STALE);
    }

    @Test
    void botOnAnotherHostCannotBeJudgedHere() {
        assertThat(rules.judge(own(100, "elsewhere", new BotProcess(200, AFTER_CREATED)), true)
                        .state())
                .isEqualTo(LockState.UNKNOWN);
    }

    @Test
    void olderLauncherRecordIsHeldWhileTheProcessThatWroteItRuns() {
        probe.alive(300, BEFORE_CREATED);
        assertThat(rules.judge(older(300, null), true).state()).isEqualTo(LockState.HELD);
    }

    @Test
    void olderLauncherRecordWithADeadPidIsStale() {
        assertThat(rules.judge(older(300, null), true).state()).isEqualTo(LockState.STALE);
    }

    @Test
    void olderLauncherRecordWhosePidStartedAfterTheLockIsAReusedPid() {
        probe.alive(300, AFTER_CREATED);
        assertThat(rules.judge(older(300, null), true).state()).isEqualTo(LockState.STALE);
    }

    @Test
    void olderLauncherRecordIsHeldWhenTheOsWillNotSay() {
        probe.unanswered(300);
        assertThat(rules.judge(older(300, null), true).state()).isEqualTo(LockState.HELD);
    }

    @Test
    void olderLauncherRecordFromAnotherHostIsUnknownAndSaysHowToRemoveIt() {
        StaleRules.Verdict verdict = rules.judge(older(300, "other-pc"), true);
        assertThat(verdict.state()).isEqualTo(LockState.UNKNOWN);
        assertThat(verdict.reason()).contains("other-pc").contains("admin action");
    }

    @Test
    void hostNamesMatchWithoutCaseOrDomain() {
        assertThat(rules.isLocal("Trading-PC.example.com")).isTrue();
        assertThat(rules.isLocal("trading-pc2")).isFalse();
    }
}
