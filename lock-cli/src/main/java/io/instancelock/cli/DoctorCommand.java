package io.instancelock.cli;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.LocalHost;
import io.instancelock.core.LockException;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.pg.ServerDoctor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lockctl doctor}: checks the lock directory and the platform and says what it found. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        header = "Check the lock directory, platform and lock server.",
        description = "Check the lock directory and the platform: the directory exists and is writable, its "
                + "file system type (a network file system is warned about), whether OS locks work there (tested "
                + "with a child process), and stale or foreign files. With --server, also the lock server: "
                + "reachable, version, rights, schema, clock difference, round-trip time and a real lock taken by "
                + "two sessions. Exits 1 when a check fails, 74 when the directory is unusable.")
final class DoctorCommand implements Callable<Integer> {

    /** File system types whose locks may not work, or not across computers. */
    private static final Set<String> NETWORK_TYPES = Set.of(
            "nfs",
            "nfs4",
            "cifs",
            "smb",
            "smb2",
            "smb3",
            "smbfs",
            "afpfs",
            "afs",
            "ncpfs",
            "9p",
            "ceph",
            "glusterfs",
            "lustre",
            "gpfs",
            "davfs",
            "webdav",
            "fuse.sshfs",
            "fuse.glusterfs",
            "fuse.davfs2",
            "fuse.rclone",
            "fuse.s3fs");

    @ParentCommand
    private Lockctl lockctl;

    @Spec
    private CommandSpec spec;

    private PrintWriter out;
    private boolean failed;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        try {
            return check(lockctl.lockDirectory());
        } finally {
            out.flush();
        }
    }

    private int check(Path directory) {
        info("platform: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + "), Java " + System.getProperty("java.version")
                + ", computer " + LocalHost.name());
        if (!checkDirectory(directory)) {
            return ExitCodes.UNUSABLE_DIRECTORY;
        }
        checkFileSystem(directory);
        info("testing OS locks with a child process...");
        out.flush();
        LockProbe.Result probe = LockProbe.run(directory);
        if (probe.works()) {
            ok(probe.message());
        } else {
            fail(probe.message());
        }
        String server = lockctl.serverUrl();
        boolean serverUsable = server != null && checkServer(server);
        String layered = serverUsable ? server : null;
        checkLocks(directory, layered);
        checkForeignFiles(directory, layered);
        out.println(failed ? "doctor found problems (see FAIL above)" : "doctor found no problems");
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private boolean checkDirectory(Path directory) {
        if (!Files.exists(directory)) {
            Path parent = directory.getParent();
            if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                fail("lock directory " + directory + " does not exist and cannot be created: its parent " + parent
                        + " is missing or not writable. Choose another directory with --dir or $"
                        + Lockctl.DIR_VARIABLE);
                return false;
            }
            try {
                Files.createDirectory(directory);
                info("created the missing lock directory " + directory + ", as any lockctl command would");
            } catch (IOException e) {
                fail("cannot create lock directory " + directory + ": " + e);
                return false;
            }
        }
        if (!Files.isDirectory(directory)) {
            fail(directory + " is not a directory: choose another lock directory with --dir or $"
                    + Lockctl.DIR_VARIABLE);
            return false;
        }
        if (!Files.isWritable(directory)) {
            fail("lock directory " + directory + " is not writable for user " + System.getProperty("user.name")
                    + ": make it writable (chmod/chown) or choose another directory");
            return false;
        }
        ok("lock directory " + directory + " exists and is writable");
        return true;
    }

    private void checkFileSystem(Path directory) {
        try {
            String type = Files.getFileStore(directory).type();
            boolean network = NETWORK_TYPES.contains(type.toLowerCase(Locale.ROOT))
                    || directory.toString().startsWith("\\\\");
            if (network) {
                warn(
                        "file system type " + type + " is a network file system: OS locks there may not work, or not "
                                + "between computers. Keep the lock directory on a local disk of the computer that runs the bots");
            } else {
                ok("file system type " + type + " (local)");
            }
        } catch (IOException e) {
            warn("cannot tell the file system type of " + directory + ": " + e.getMessage());
        }
    }

    /** The lock server's checks; true when the server can be used for the checks that follow. */
    private boolean checkServer(String server) {
        info("checking the lock server...");
        out.flush();
        boolean usable = true;
        for (ServerDoctor.Check check : ServerDoctor.check(server)) {
            if (check.passed()) {
                ok(check.name() + ": " + check.detail());
            } else {
                fail(check.name() + ": " + check.detail());
                usable = false;
            }
            out.flush();
        }
        return usable;
    }

    private void checkLocks(Path directory, String server) {
        List<LockStatus> statuses;
        try (AccountLocks locks = Lockctl.openLocks(directory, server)) {
            statuses = locks.list();
        }
        long held = statuses.stream().filter(s -> s.state() == LockState.HELD).count();
        ok(statuses.size() + (server == null ? " lock file(s), " : " lock(s) here and on the lock server, ") + held
                + " held");
        for (LockStatus status : statuses) {
            if (status.state() == LockState.STALE) {
                warn("stale lock " + status.account() + ": " + status.reason() + " (remove with: lockctl clean)");
            } else if (status.state() == LockState.UNKNOWN) {
                warn("lock " + status.account() + " cannot be judged here: " + status.reason()
                        + " (if its holder is gone: lockctl release --force " + status.account() + ")");
            }
        }
    }

    private void checkForeignFiles(Path directory, String server) {
        try (AccountLocks locks = Lockctl.openLocks(directory, server)) {
            List<String> foreign = locks.strayEntries();
            if (foreign.isEmpty()) {
                ok("no foreign files in the lock directory");
            }
            for (String name : foreign) {
                warn("foreign file " + name + ": not an account_{id}.lock file; instance-lock ignores it");
            }
        } catch (LockException e) {
            fail("cannot list " + directory + ": " + e.getMessage());
        }
    }

    private void info(String message) {
        out.println("     " + message);
    }

    private void ok(String message) {
        out.println("ok   " + message);
    }

    private void warn(String message) {
        out.println("WARN " + message);
    }

    private void fail(String message) {
        failed = true;
        out.println("FAIL " + message);
    }
}
