package io.instancelock.pg;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockHandle;
import io.instancelock.testsupport.AccountLocksContract;
import io.instancelock.testsupport.ChildLocks;
import java.time.Clock;

/** The backend contract on a real server, a fresh database for each test, child JVMs as the other processes. */
class PgLocksContractTest extends AccountLocksContract {

    private String url;

    @Override
    protected AccountLocks openLocks() {
        if (url == null) {
            url = PgServer.freshDatabase();
        }
        return AccountLocks.open(url, Clock.systemDefaultZone());
    }

    @Override
    protected OtherProcess startOtherProcess() throws Exception {
        return ChildLocks.start(url, PgServer.SETTINGS.asJvmOptions());
    }

    /** An admin ends the holder's session; another process takes the account at once. */
    @Override
    protected OtherProcess takeAway(LockHandle lock) throws Exception {
        String database = PgServer.database(url);
        int holder = PgServer.holderPid(database, lock.account().value());
        ChildLocks taker = ChildLocks.start(url, PgServer.SETTINGS.asJvmOptions());
        PgServer.terminate(database, holder);
        for (int attempt = 0; attempt < 100; attempt++) {
            if (taker.hold(lock.account(), "taker")) {
                return taker;
            }
            Thread.sleep(50);
        }
        taker.close();
        throw new AssertionError("nobody could take the account after its holder's session was ended");
    }
}
