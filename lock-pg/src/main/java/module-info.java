/** instance-lock's lock server backend: account locks on a PostgreSQL server, shared by several computers. */
module io.instancelock.pg {
    requires io.instancelock.core;
    requires java.sql;
    requires org.postgresql.jdbc;

    exports io.instancelock.pg;

    provides io.instancelock.core.spi.LockBackendFactory with
            io.instancelock.pg.PgLockBackendFactory;
}
