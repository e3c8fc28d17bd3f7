package io.instancelock.gui;

import io.instancelock.core.AccountId;
import io.instancelock.core.LockRecord;
import io.instancelock.core.LockStatus;
import io.instancelock.gui.LauncherState.LockRow;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The locks as last read, each judged where its bot runs, and what the launcher asks of them: which
 * accounts are in use, the table's rows, and which holders' exits to watch.
 *
 * @param locks every lock, in the order read
 */
record LockOverview(List<Whereabouts> locks) {

    /** Before the first read. */
    static final LockOverview NONE = new LockOverview(List.of());

    LockOverview {
        locks = List.copyOf(locks);
    }

    /** The lock of an account, if it has a file. */
    Optional<Whereabouts> of(AccountId account) {
        return locks.stream()
                .filter(lock -> lock.status().account().equals(account))
                .findFirst();
    }

    /** Whether starting on the account would be refused. */
    boolean blocks(AccountId account) {
        return of(account).map(Whereabouts::blocks).orElse(false);
    }

    /** The first account, in the file's order, nobody holds, other than those in {@code except}. */
    Optional<Account> firstFree(List<Account> accounts, List<AccountId> except) {
        return accounts.stream()
                .filter(account -> !except.contains(account.id()) && !blocks(account.id()))
                .findFirst();
    }

    /** The table's rows, with ages as of {@code now}; names come from the accounts where known. */
    List<LockRow> rows(AccountsConfig config, LocalDateTime now) {
        List<LockRow> rows = new ArrayList<>();
        for (Whereabouts lock : locks) {
            LockStatus status = lock.status();
            LockRecord holder = status.holder();
            String name = config.find(status.account())
                    .map(Account::name)
                    .orElse(status.account().value());
            rows.add(new LockRow(
                    status.account(),
                    name,
                    lock.place(),
                    lock.label(),
                    lock.explanation(),
                    holder == null ? "" : holder.displayBroker(),
                    holder == null ? "" : Ages.since(holder.createdAt(), now),
                    holder == null || holder.bot() == null
                            ? ""
                            : Long.toString(holder.bot().pid()),
                    lock.canStop(),
                    lock.canClean()));
        }
        return rows;
    }

    /** The processes of other holders on this computer: a killed one leaves its file unchanged. */
    List<Long> processesToWatch() {
        List<Long> pids = new ArrayList<>();
        for (Whereabouts lock : locks) {
            LockRecord holder = lock.status().holder();
            if (lock.canStop() && lock.place() != Place.THIS_WINDOW) {
                pids.add(holder.pid());
                if (holder.bot() != null) {
                    pids.add(holder.bot().pid());
                }
            }
        }
        return pids;
    }
}
