package io.instancelock.pg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LockRecord;
import io.instancelock.core.RecordOrigin;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import io.instancelock.pg.PgServer;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The bot as another computer reads it back from the server, whether it dies with its holder included. */
class BotRecordTest {

    private static final AccountId ACCOUNT = AccountId.of("BOT-1");

    private static LockRecord withBot(BotProcess bot) {
        return new LockRecord(
                ACCOUNT,
                4711,
                LocalDateTime.of(2025, 11, 9, 14, 30),
                "john",
                "desk-pc",
                Instant.parse("2025-11-09T13:02:11.520Z"),
                "linux:boot:4711:100",
                bot,
                RecordOrigin.INSTANCE_LOCK);
    }

    @Test
    void aBotThatDiesWithItsHolderIsReadBackAsSuchAndOneThatMayOutliveItAsThat() throws Exception {
        // given
        String url = PgServer.freshDatabase();
        BotProcess dies =
                new BotProcess(4712, Instant.parse("2025-11-09T14:30:01.040Z"), "linux:boot:4712:1", 4712, true);
        BotProcess outlives = new BotProcess(4713, null, null, 0, false);
        try (PgBackend writer = PgBackend.open(ServerAddress.parse(url), PgServer.SETTINGS);
                PgBackend reader = PgBackend.open(ServerAddress.parse(url), PgServer.SETTINGS)) {
            for (BotProcess bot : new BotProcess[] {dies, outlives}) {
                Slot slot = writer.tryClaim(ACCOUNT).orElseThrow();
                // when
                slot.write(withBot(bot));
                SlotContent seen = reader.peek(ACCOUNT).content();
                // then
                assertThat(seen).isInstanceOf(SlotContent.Present.class);
                assertThat(((SlotContent.Present) seen).record()).isEqualTo(withBot(bot));
                slot.retire();
            }
        }
    }
}
