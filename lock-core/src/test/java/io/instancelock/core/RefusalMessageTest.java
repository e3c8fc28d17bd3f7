package io.instancelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class RefusalMessageTest {

    private static LockRecord holder(String broker) {
        return holder(broker, LocalHost.name());
    }

    private static LockRecord holder(String broker, String host) {
        return new LockRecord(
                AccountId.of("123456"),
                12345,
                LocalDateTime.parse("2025-11-09T14:30:00"),
                broker,
                host,
                null,
                null,
                null,
                RecordOrigin.OLDER_LAUNCHER);
    }

    @Test
    void isWordForWordTheMessageUsersKnow() {
        // when
        String message = RefusalMessage.of("Combine 50K - $50,000.00", holder("john_topstep"));
        // then
        assertThat(message).isEqualTo("""
                Account 'Combine 50K - $50,000.00' is already being traded!

                Broker: john_topstep
                Started: 2025-11-09T14:30:00

                You cannot run multiple bots on the same trading account.
                This prevents duplicate orders and position conflicts.

                To trade this account:
                1. Stop the other bot instance
                2. Or select a different account from the dropdown""");
    }

    @Test
    void showsUnknownWhenTheHolderRecordCannotBeRead() {
        assertThat(RefusalMessage.of("123456", null)).contains("Broker: unknown\nStarted: unknown");
    }

    @Test
    void neutralisesTerminalEscapesFromAHostileLockFile() {
        assertThat(RefusalMessage.of("x", holder("evil\u001b]0;pwned\u0007"))).contains("Broker: evil?]0;pwned?");
    }

    @Test
    void aHolderOnAnotherComputerIsNamedBelowTheStartTime() {
        // when
        String message = RefusalMessage.of("123456", holder("jane", "office-pc-2"));
        // then
        assertThat(message)
                .contains("Broker: jane\nStarted: 2025-11-09T14:30:00\nComputer: office-pc-2 (another computer)\n\n");
    }
}
