package io.instancelock.core;

/** Who wrote a lock record, which decides how its holder is judged. */
public enum RecordOrigin {
    /** Written by instance-lock, which holds an OS lock for as long as the record is live. */
    INSTANCE_LOCK,
    /** Written by the older launcher, which holds no OS lock: only the PID says who holds it. */
    OLDER_LAUNCHER
}
