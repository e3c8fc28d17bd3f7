package io.instancelock.fs;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockHandle;
import io.instancelock.testsupport.AccountLocksContract;
import io.instancelock.testsupport.ChildLocks;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The backend contract, on a real lock directory, with child JVMs as the other processes. */
class FileLocksContractTest extends AccountLocksContract {

    @TempDir
    Path dir;

    @Override
    protected AccountLocks openLocks() {
        return AccountLocks.open(dir);
    }

    @Override
    protected OtherProcess startOtherProcess() throws Exception {
        return ChildLocks.start(dir.toString());
    }

    /**
     * The one way a lock directory cannot prevent a second holder: the whole directory deleted, and
     * another process getting in before the holder has made it again.
     */
    @Override
    protected OtherProcess takeAway(LockHandle lock) throws Exception {
        ChildLocks thief = ChildLocks.start(dir.toString());
        for (int attempt = 0; attempt < 20; attempt++) {
            if (thief.stealAfterDeleting(lock.account(), dir)) {
                return thief;
            }
        }
        thief.close();
        throw new AssertionError("the holder restored its lock every time before another process could take it");
    }
}
