package io.instancelock.fs;

import io.instancelock.core.AccountId;
import java.util.Optional;

/**
 * How lock files are named in a lock directory: {@code account_{id}.lock}, as the older launcher
 * names them. The directory also holds the hidden guard file {@value #GUARD_FILE}, which
 * instance-lock never deletes.
 */
public final class LockFileNames {

    /** The guard file: one OS lock per held account, at an offset derived from the account id. */
    public static final String GUARD_FILE = ".instance-lock";

    private static final String PREFIX = "account_";
    private static final String SUFFIX = ".lock";

    private LockFileNames() {}

    /** The lock file name for an account: {@code account_{id}.lock}. */
    public static String fileName(AccountId account) {
        return PREFIX + account.value() + SUFFIX;
    }

    /** The account a lock file name such as {@code account_123456.lock} names, if it is one. */
    public static Optional<AccountId> account(String fileName) {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String id = fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length());
        try {
            return Optional.of(AccountId.of(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether a directory entry belongs in a lock directory: a lock file, the guard file, or {@code .gitkeep}. */
    public static boolean belongs(String fileName) {
        return account(fileName).isPresent() || fileName.equals(GUARD_FILE) || fileName.equals(".gitkeep");
    }
}
