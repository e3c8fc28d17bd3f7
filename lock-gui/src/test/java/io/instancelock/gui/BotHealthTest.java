package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BotHealthTest {

    private static final ZoneId ZONE = ZoneId.of("UTC");
    private static final Instant AT_1430 = Instant.parse("2025-11-09T14:30:00Z");
    private static final Account ACCOUNT = AccountsConfig.demo().accounts().get(0);

    private static String title(BotHealth health, Instant now) {
        return WindowTitle.of(health, ACCOUNT, now);
    }

    @Test
    void runningShowsSinceAndUptimeInGreen() {
        BotHealth running = new BotHealth.Running(ACCOUNT, 4242, AT_1430);
        Instant now = AT_1430.plus(Duration.ofMinutes(12).plusSeconds(30));

        assertThat(running.headline(now, ZONE)).isEqualTo("Running since 14:30 (12m)");
        assertThat(title(running, now)).isEqualTo("● Combine 50K - $50,000.00 - running 12m");
        assertThat(running.tone()).isEqualTo(Tone.GOOD);
        assertThat(running.canRestart()).isFalse();
    }

    @Test
    void aCrashSaysWhenWithWhichExitCodeAndAfterHowLongAndOffersRestart() {
        BotHealth crashed = new BotHealth.Crashed(ACCOUNT, AT_1430.plusSeconds(7), Duration.ofMinutes(125), 3);

        assertThat(crashed.headline(AT_1430, ZONE)).isEqualTo("Crashed at 14:30:07 with exit code 3 after 2h 05m");
        assertThat(title(crashed, AT_1430)).isEqualTo("✖ Combine 50K - $50,000.00 - crashed, exit 3");
        assertThat(crashed.tone()).isEqualTo(Tone.DANGER);
        assertThat(crashed.canRestart()).isTrue();
    }

    @Test
    void anExitCodeAboveOneHundredTwentyEightNamesTheSignal() {
        assertThat(BotHealth.exitCodeText(137)).isEqualTo("exit code 137 (killed by signal 9)");
        assertThat(BotHealth.exitCodeText(1)).isEqualTo("exit code 1");
        assertThat(BotHealth.exitCodeText(-1)).isEqualTo("an unknown exit code");
    }

    @Test
    void everyOtherStateHasItsOwnWordsMarkAndTone() {
        Instant now = AT_1430.plusSeconds(40);
        BotHealth[] states = {
            new BotHealth.Idle(),
            new BotHealth.Starting(ACCOUNT),
            new BotHealth.Stopping(ACCOUNT, AT_1430),
            new BotHealth.StoppingOther(ACCOUNT, 777, AT_1430),
            new BotHealth.Stopped(ACCOUNT, AT_1430, Duration.ofMinutes(3), 143, true),
            new BotHealth.Stopped(ACCOUNT, AT_1430, Duration.ofSeconds(20), 0, false),
            new BotHealth.LockLost(ACCOUNT, AT_1430, "lock file replaced and taken by pid 123")
        };
        String[] headlines = {
            "No bot running",
            "Starting the bot…",
            "Stopping the bot since 14:30:00…",
            "Stopping the other bot (pid 777) since 14:30:00…",
            "Stopped at 14:30:00 after 3m",
            "Ended by itself at 14:30:00 after 20s (exit code 0)",
            "Lock lost at 14:30:00: lock file replaced and taken by pid 123; the bot was stopped"
        };
        String[] titles = {
            "○ Combine 50K - $50,000.00 - no bot",
            "◐ Combine 50K - $50,000.00 - starting",
            "◐ Combine 50K - $50,000.00 - stopping",
            "◐ Combine 50K - $50,000.00 - stopping the other bot",
            "○ Combine 50K - $50,000.00 - stopped",
            "○ Combine 50K - $50,000.00 - stopped",
            "⚠ Combine 50K - $50,000.00 - lock lost"
        };
        Tone[] tones = {Tone.NEUTRAL, Tone.BUSY, Tone.BUSY, Tone.BUSY, Tone.NEUTRAL, Tone.NEUTRAL, Tone.DANGER};
        for (int i = 0; i < states.length; i++) {
            assertThat(states[i].headline(now, ZONE)).as("headline %s", i).isEqualTo(headlines[i]);
            assertThat(title(states[i], now)).as("title %s", i).isEqualTo(titles[i]);
            assertThat(states[i].tone()).as("tone %s", i).isEqualTo(tones[i]);
            assertThat(states[i].canRestart()).as("restart %s", i).isFalse();
        }
    }

    @Test
    void aLongAccountNameIsCutInTheMiddleOfTheTitle() {
        Account longName = new Account(
                ACCOUNT.id(), "Evaluation account - Trading Combine 150K - March 2025 (second attempt)", "x");

        String title = WindowTitle.of(new BotHealth.Idle(), longName, AT_1430);

        assertThat(title)
                .startsWith("○ Evaluation account")
                .endsWith("(second attempt) - no bot")
                .contains("…");
    }
}
