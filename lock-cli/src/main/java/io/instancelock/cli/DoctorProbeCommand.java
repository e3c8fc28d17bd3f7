package io.instancelock.cli;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The child process of {@code lockctl doctor}'s lock test: takes an account, prints {@code locked},
 * holds it until its standard input ends, then releases it.
 */
@Command(name = "doctor-probe", hidden = true, description = "Used by doctor: hold a lock until stdin ends.")
final class DoctorProbeCommand implements Callable<Integer> {

    static final String LOCKED = "locked";

    @ParentCommand
    private Lockctl lockctl;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ACCOUNT")
    private AccountId account;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (AccountLocks locks = lockctl.openLocks()) {
            Acquisition attempt = locks.tryAcquire(account, "lockctl doctor");
            if (attempt instanceof Acquisition.Refused refused) {
                out.println("refused: " + refused.status().reason());
                out.flush();
                return ExitCodes.HELD;
            }
            LockHandle lock = ((Acquisition.Acquired) attempt).handle();
            try {
                out.println(LOCKED);
                out.flush();
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // Hold the lock until the parent closes our standard input.
                }
            } finally {
                lock.close();
            }
        }
        return ExitCodes.OK;
    }
}
