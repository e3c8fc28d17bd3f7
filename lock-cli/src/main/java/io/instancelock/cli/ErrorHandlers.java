package io.instancelock.cli;

import io.instancelock.core.LockException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** Turns errors into one readable sentence and an exit code; a stack trace only with {@code --verbose}. */
final class ErrorHandlers {

    private ErrorHandlers() {}

    /** Bad input: the problem, and where to read how to do it right. Exit code 2. */
    static final class BadInput implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            CommandLine command = e.getCommandLine();
            PrintWriter err = command.getErr();
            err.println("lockctl: " + e.getMessage());
            if (e instanceof UnmatchedArgumentException
                    && command.getCommandName().equals("run")) {
                err.println("Put -- before the command, so that its options are not read as lockctl's: "
                        + "lockctl run [OPTIONS] ACCOUNT -- COMMAND [ARG...]");
            }
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        }
    }

    /** The exit code for a lock problem: 69 server unreachable, 77 credentials refused, 74 otherwise. */
    static int exitCode(LockException problem) {
        return switch (problem.kind()) {
            case SERVER_UNREACHABLE -> ExitCodes.SERVER_UNREACHABLE;
            case CREDENTIALS_REFUSED -> ExitCodes.CREDENTIALS_REFUSED;
            case UNUSABLE_LOCATION -> ExitCodes.UNUSABLE_DIRECTORY;
        };
    }

    /**
     * A failure while running a command: the lock directory's problems exit 74, the lock server's 69 or
     * 77, anything else 1.
     */
    static final class Failure implements IExecutionExceptionHandler {
        private final BooleanSupplier verbose;

        Failure(BooleanSupplier verbose) {
            this.verbose = verbose;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
            return report(e, command.getErr(), verbose.getAsBoolean());
        }
    }

    /** Prints a command's failure as {@link Failure} does and returns the exit code. */
    static int report(Exception e, PrintWriter err, boolean verbose) {
        int code;
        if (e instanceof LockException problem) {
            err.println("lockctl: " + e.getMessage());
            code = exitCode(problem);
        } else if (e instanceof UncheckedIOException || e instanceof IOException) {
            Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            err.println("lockctl: " + e.getMessage() + " (" + cause + ")");
            code = ExitCodes.UNUSABLE_DIRECTORY;
        } else {
            err.println("lockctl: unexpected error: " + e + " (run again with --verbose for details)");
            code = ExitCodes.FAILED;
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
