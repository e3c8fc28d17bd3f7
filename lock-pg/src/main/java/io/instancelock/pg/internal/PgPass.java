package io.instancelock.pg.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A libpq password file ({@code ~/.pgpass}, or {@code PGPASSFILE}): lines of
 * {@code hostname:port:database:username:password}, {@code *} matching anything, {@code \:} and
 * {@code \\} escaping, {@code #} starting a comment; the first matching line wins.
 */
public final class PgPass {

    private final Path file;

    private PgPass(Path file) {
        this.file = file;
    }

    /** The file libpq would read: {@code PGPASSFILE}, else {@code ~/.pgpass} (on Windows {@code %APPDATA%\postgresql\pgpass.conf}). */
    public static PgPass defaultFile(UnaryOperator<String> env) {
        String named = env.apply("PGPASSFILE");
        if (named != null && !named.isEmpty()) {
            return new PgPass(Path.of(named));
        }
        String appData = env.apply("APPDATA");
        if (System.getProperty("os.name", "").startsWith("Windows") && appData != null) {
            return new PgPass(Path.of(appData, "postgresql", "pgpass.conf"));
        }
        return new PgPass(Path.of(System.getProperty("user.home"), ".pgpass"));
    }

    /** A password file at a given path. */
    public static PgPass at(Path file) {
        return new PgPass(file);
    }

    /** The password of the first line that matches, if the file exists and has one. */
    public Optional<String> find(String host, int port, String database, String user) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        String[] wanted = {host, Integer.toString(port), database, user};
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = split(line);
            if (fields.size() < 5) {
                continue;
            }
            if (matches(fields, wanted)) {
                return Optional.of(fields.get(4));
            }
        }
        return Optional.empty();
    }

    private static boolean matches(List<String> fields, String[] wanted) {
        for (int i = 0; i < 4; i++) {
            String field = fields.get(i);
            boolean hostMatches = i == 0 && field.equals("localhost") && isLocal(wanted[0]);
            if (!field.equals("*") && !field.equals(wanted[i]) && !hostMatches) {
                return false;
            }
        }
        return true;
    }

    /** libpq's {@code localhost} entry also serves a local socket; here, the loopback names. */
    private static boolean isLocal(String host) {
        return host.equals("127.0.0.1") || host.equals("::1");
    }

    /** Splits on unescaped colons; the fifth field (the password) takes the rest of the line. */
    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == ':') {
                break;
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
