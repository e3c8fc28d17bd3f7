package io.instancelock.cli;

import io.instancelock.pg.ServerSchema;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code lockctl server-init}: creates the lock server's schema, or prints the SQL for an admin who
 * runs it by hand (for a user that may not create schemas).
 */
@Command(
        name = "server-init",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        header = "Create the lock server's schema.",
        description = "Create the lock server's schema (instance_lock) if it is missing; every command also does that "
                + "on first use when the user may. With --print-sql, print the SQL instead, for an admin to run "
                + "(with --grant ROLE, also the grants that let ROLE use it); this needs no server.")
final class ServerInitCommand implements Callable<Integer> {

    @ParentCommand
    private Lockctl lockctl;

    @Spec
    private CommandSpec spec;

    @Option(names = "--print-sql", description = "Print the SQL that creates the schema, and connect to nothing.")
    private boolean printSql;

    @Option(
            names = "--grant",
            paramLabel = "ROLE",
            description = "With --print-sql: also grant ROLE (the user the bots connect as) what it needs.")
    private String grant;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (printSql) {
            out.println(grant == null ? ServerSchema.sql() : ServerSchema.sqlFor(grant));
            out.flush();
            return ExitCodes.OK;
        }
        if (grant != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--grant goes with --print-sql");
        }
        String server = lockctl.serverUrl();
        if (server == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "no lock server: give it with --server URL or $" + Lockctl.SERVER_VARIABLE
                            + " (or print the SQL with --print-sql)");
        }
        boolean created = ServerSchema.createIfMissing(server);
        out.println(
                created
                        ? "created the schema instance_lock on the lock server"
                        : "the lock server already has the schema instance_lock; nothing to do");
        out.flush();
        return ExitCodes.OK;
    }
}
