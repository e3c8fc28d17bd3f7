package io.instancelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountLocksListTest {

    /** Two lock files: account 1 is corrupt, account 2 cannot be opened by this user. */
    private static class OneFileUnreadable implements LockBackend {
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

    /** The same files, whose surveys see account 1 held (a reading taken while its claim was held). */
    private static final class SurveyedBackend extends OneFileUnreadable {
        final List<String> events = new ArrayList<>();

        @Override
        public Survey survey() {
            events.add("survey");
            return new Survey() {
                @Override
                public Peek peek(AccountId account) {
                    events.add("peek " + account);
                    return account.value().equals("1")
                            ? new Peek(Peek.Claim.HELD, new SlotContent.Unreadable("not valid JSON"))
                            : SurveyedBackend.this.peek(account);
                }

                @Override
                public void close() {
                    events.add("close");
                }
            };
        }
    }

    @Test
    void aListLooksAtEveryAccountThroughOneSurveyAndClosesIt() {
        // given
        SurveyedBackend backend = new SurveyedBackend();
        try (AccountLocks locks = AccountLocks.using(backend, Clock.systemDefaultZone())) {
            // when
            List<LockStatus> listed = locks.list();

            // then: the survey's answers are the list's, an account it cannot read still listed
            assertThat(listed).extracting(LockStatus::state).containsExactly(LockState.HELD, LockState.UNKNOWN);
            assertThat(backend.events).containsExactly("survey", "peek 1", "peek 2", "close");
        }
    }
}
