/** instance-lock's local backend: lock files in a directory, guarded by OS locks. */
module io.instancelock.fs {
    requires io.instancelock.core;
    requires com.fasterxml.jackson.core;
    requires com.sun.jna;

    exports io.instancelock.fs;

    provides io.instancelock.core.spi.LockBackendFactory with
            io.instancelock.fs.FileLockBackendFactory;
    provides io.instancelock.core.spi.ProcessProbe with
            io.instancelock.fs.internal.NativeProcessProbe;
}
