package io.instancelock.fs.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.instancelock.core.spi.ProcessProbe;
import java.lang.System.Logger.Level;

/**
 * Asks the OS whether a process or a process group exists where the JDK cannot tell: POSIX
 * {@code kill(pid, 0)} (and {@code kill(-pgid, 0)}), where {@code EPERM} means it exists but belongs
 * to someone else; Windows {@code OpenProcess}, where access denied means it exists. Registered as
 * lock-core's {@link ProcessProbe} service; JNA is loaded on its first question only.
 */
public final class NativeProcessProbe implements ProcessProbe {

    /**
     * Made on first use: {@code System.getLogger} starts the logging back-end at once, which costs a
     * command-line tool milliseconds on every lock it takes, though it rarely logs anything.
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(NativeProcessProbe.class.getName());
    }

    private static final int EPERM = 1;
    private static final int ESRCH = 3;
    private static final int PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
    private static final int ERROR_ACCESS_DENIED = 5;
    private static final int ERROR_INVALID_PARAMETER = 87;
    private static final int STILL_ACTIVE = 259;

    /** For {@link java.util.ServiceLoader}. */
    public NativeProcessProbe() {}

    interface CLibrary extends Library {
        int kill(int pid, int signal) throws LastErrorException;
    }

    interface Kernel32 extends Library {
        Pointer OpenProcess(int access, boolean inherit, int pid);

        boolean GetExitCodeProcess(Pointer process, IntByReference exitCode);

        boolean CloseHandle(Pointer handle);
    }

    @Override
    public Liveness liveness(long pid) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            return Liveness.DEAD;
        }
        try {
            return Platform.isWindows() ? windows((int) pid) : posix((int) pid);
        } catch (LinkageError | RuntimeException e) {
            Log.LOG.log(Level.DEBUG, "native process probe unavailable: {0}", e.toString());
            return Liveness.UNKNOWN;
        }
    }

    @Override
    public Liveness groupLiveness(long pgid) {
        if (pgid <= 1 || pgid > Integer.MAX_VALUE) {
            return Liveness.DEAD;
        }
        try {
            return Platform.isWindows() ? Liveness.UNKNOWN : posix((int) -pgid);
        } catch (LinkageError | RuntimeException e) {
            Log.LOG.log(Level.DEBUG, "native process probe unavailable: {0}", e.toString());
            return Liveness.UNKNOWN;
        }
    }

    private static Liveness posix(int pid) {
        try {
            Posix.C.kill(pid, 0);
            return Liveness.ALIVE;
        } catch (LastErrorException e) {
            return switch (e.getErrorCode()) {
                case EPERM -> Liveness.ALIVE;
                case ESRCH -> Liveness.DEAD;
                default -> Liveness.UNKNOWN;
            };
        }
    }

    private static Liveness windows(int pid) {
        Pointer process = Windows.KERNEL32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, pid);
        if (process == null) {
            int error = Native.getLastError();
            return error == ERROR_ACCESS_DENIED
                    ? Liveness.ALIVE
                    : error == ERROR_INVALID_PARAMETER ? Liveness.DEAD : Liveness.UNKNOWN;
        }
        try {
            IntByReference code = new IntByReference();
            if (!Windows.KERNEL32.GetExitCodeProcess(process, code)) {
                return Liveness.UNKNOWN;
            }
            return code.getValue() == STILL_ACTIVE ? Liveness.ALIVE : Liveness.DEAD;
        } finally {
            Windows.KERNEL32.CloseHandle(process);
        }
    }

    /** Loaded on first use only, so a platform without the library costs nothing until needed. */
    private static final class Posix {
        static final CLibrary C = Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
    }

    private static final class Windows {
        static final Kernel32 KERNEL32 = Native.load("kernel32", Kernel32.class);
    }
}
