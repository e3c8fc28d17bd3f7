package io.instancelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountLocksListTest {

    /** Two lock files: account 1 is corrupt, account 2 cannot be opened by this user. */
    private static final class OneFileUnreadable implements LockBackend {
        @Override
        public Peek peek(AccountId account) {
            if (account.value().equals("2")) {
                throw new LockException("cannot read lock file /locks/account_2.lock: Permission denied");
            }
            return new Peek(Peek.Claim.FREE, new SlotContent.Unreadable("not valid JSON"));
        }

        @Override
        public List<AccountId> accounts() {
            return List.of(AccountId.of("1"), AccountId.of("2"));
        }

        @Override
        public String location() {
            return "/locks";
        }

        @Override
        public String locationOf(AccountId account) {
            return "/locks/account_" + account + ".lock";
        }

        @Override
        public Optional<Slot> tryClaim(AccountId account) {
            throw new UnsupportedOperationException("list only looks");
        }

        @Override
        public Optional<Slot> claim(AccountId account, Duration timeout) {
            throw new UnsupportedOperationException("list only looks");
        }

        @Override
        public void close() {}
    }

    @Test
    void lockThatCannotBeReadIsListedAsUnknownWithTheReasonAndTheOthersStillListed() {
        // given
        try (AccountLocks locks = AccountLocks.using(new OneFileUnreadable(), Clock.systemDefaultZone())) {
            // when
            List<LockStatus> listed = locks.list();
            // then
            assertThat(listed).extracting(LockStatus::state).containsExactly(LockState.STALE, LockState.UNKNOWN);
            assertThat(listed.get(1).reason()).contains("Permission denied");
            assertThat(listed.get(1).location()).isEqualTo("/locks/account_2.lock");
        }
    }
}
