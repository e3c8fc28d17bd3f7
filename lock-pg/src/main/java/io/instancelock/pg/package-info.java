/**
 * The lock server backend: {@link io.instancelock.pg.PgLockBackendFactory}, found by
 * {@link java.util.ServiceLoader} for {@code postgresql://} locations, and the admin calls a command
 * line needs ({@link io.instancelock.pg.ServerSchema}, {@link io.instancelock.pg.ServerDoctor}).
 * Everything else is in {@code io.instancelock.pg.internal}.
 */
package io.instancelock.pg;
