package io.instancelock.fs;

import io.instancelock.core.AccountLocks;
import io.instancelock.testsupport.AccountLocksContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The backend contract, on a real lock directory. */
class FileLocksContractTest extends AccountLocksContract {

    @TempDir
    Path dir;

    @Override
    protected AccountLocks openLocks() {
        return AccountLocks.open(dir);
    }
}
