package io.instancelock.pg.internal;

import io.instancelock.core.LockException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * A lock server's address parsed from a libpq URL ({@code postgresql://[user[:password]@]host[:port]/database[?param=value]},
 * also {@code postgres://} and {@code jdbc:postgresql://}). Defaults follow libpq: {@code PGHOST},
 * {@code PGPORT}, {@code PGUSER}, {@code PGDATABASE}, else localhost, 5432, the OS user, the user's
 * name. The password (from the URL, {@code PGPASSWORD} or a password file) is kept apart and never
 * appears in {@link #display()} or {@link #toString()}.
 */
public final class ServerAddress {

    private static final int DEFAULT_PORT = 5432;

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;

    private ServerAddress(
            String host, int port, String database, String user, String password, Map<String, String> parameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    /** Whether a location is a PostgreSQL URL this backend serves. */
    public static boolean isServerUrl(String location) {
        String lower = location.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("postgresql://")
                || lower.startsWith("postgres://")
                || lower.startsWith("jdbc:postgresql://");
    }

    /** Parses a URL with the process's environment and password file. */
    public static ServerAddress parse(String url) {
        return parse(url, System::getenv, PgPass.defaultFile(System::getenv));
    }

    /**
     * Parses a URL.
     *
     * @param env the environment ({@code PGHOST}, {@code PGPASSWORD}, ...)
     * @param passwords the password file to look in when neither the URL nor the environment has one
     */
    public static ServerAddress parse(String url, UnaryOperator<String> env, PgPass passwords) {
        Objects.requireNonNull(url, "url");
        if (!isServerUrl(url)) {
            throw invalid(url, "it does not start with postgresql://, postgres:// or jdbc:postgresql://");
        }
        String rest = url.substring(url.indexOf("//") + 2);
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                password = decode(url, userInfo.substring(colon + 1));
                userInfo = userInfo.substring(0, colon);
            }
            user = userInfo.isEmpty() ? null : decode(url, userInfo);
        }
        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw invalid(url, "an IPv6 address in [ ] has no closing ]");
            }
            host = rest.substring(1, close);
            if (rest.length() > close + 1) {
                if (rest.charAt(close + 1) != ':') {
                    throw invalid(url, "unexpected text after the IPv6 address");
                }
                portText = rest.substring(close + 2);
            }
        } else {
            if (rest.contains(",")) {
                throw invalid(url, "a lock server is one host; several hosts are not supported");
            }
            int colon = rest.indexOf(':');
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            portText = colon >= 0 ? rest.substring(colon + 1) : null;
            host = decode(url, host);
        }
        Map<String, String> parameters = parameters(url, query);
        host = firstOf(host, parameters.remove("host"), env.apply("PGHOST"), "localhost");
        if (host.startsWith("/")) {
            throw invalid(url, "a Unix-domain socket directory as host is not supported; give a host name");
        }
        int port = port(url, firstOf(portText, parameters.remove("port"), env.apply("PGPORT"), null));
        user = firstOf(user, parameters.remove("user"), env.apply("PGUSER"), System.getProperty("user.name"));
        String database = firstOf(decode(url, path), parameters.remove("dbname"), env.apply("PGDATABASE"), user);
        String fromQuery = parameters.remove("password");
        password = firstOf(password, fromQuery, env.apply("PGPASSWORD"), null);
        if (password == null && passwords != null) {
            password = passwords.find(host, port, database, user).orElse(null);
        }
        return new ServerAddress(host, port, database, user, password, parameters);
    }

    private static Map<String, String> parameters(String url, String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw invalid(url, "the parameter '" + pair.replaceAll("=.*", "") + "' has no value");
            }
            parameters.put(decode(url, pair.substring(0, equals)), decode(url, pair.substring(equals + 1)));
        }
        return parameters;
    }

    private static int port(String url, String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(url, "the port '" + text + "' is not a number from 1 to 65535");
    }

    private static String firstOf(String a, String b, String c, String fallback) {
        for (String value : new String[] {a, b, c}) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return fallback;
    }

    private static String decode(String url, String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(url, "it has a malformed %-escape");
        }
    }

    /** The message never contains the URL as given, which may carry a password. */
    private static LockException invalid(String url, String why) {
        return new LockException("'" + redact(url) + "' is not a usable lock server URL: " + why
                + " (expected postgresql://user@host:5432/database)");
    }

    /** A URL with any password in it replaced by {@code ***}. */
    public static String redact(String url) {
        return url.replaceAll("(//[^/@:?]*):[^@/?]*@", "$1:***@").replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    /** The server as messages and {@code location()} show it: {@code postgresql://user@host:5432/db}. */
    public String display() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return "postgresql://" + user + "@" + shownHost + ":" + port + "/" + database;
    }

    /** The pgjdbc URL, without user or password. */
    String jdbcUrl() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + shownHost + ":" + port + "/"
                + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The connection properties for pgjdbc: user, password and the URL's own parameters. */
    Properties properties() {
        Properties properties = new Properties();
        properties.putAll(parameters);
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    /** Whether a password was found (the URL, {@code PGPASSWORD} or a password file). */
    public boolean hasPassword() {
        return password != null;
    }

    /** The password, only to hide it from messages. */
    String password() {
        return password;
    }

    /** The URL's own parameters (sslmode, ...), passed to pgjdbc as they are. */
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return display();
    }
}
