package io.instancelock.gui;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line that starts a bot, with the placeholders {@code {account_id}}, {@code {strategy}}
 * and {@code {broker_username}} filled in per start. No shell is involved: each argument stays one
 * argument whatever the values contain.
 *
 * @param args the program and its arguments, placeholders unexpanded
 */
public record BotCommand(List<String> args) {

    /** The placeholders a command may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("{account_id}", "{strategy}", "{broker_username}");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z_]+\\}");

    /** @throws IllegalArgumentException for an empty command or an unknown placeholder */
    public BotCommand {
        args = List.copyOf(args);
        if (args.isEmpty() || args.get(0).isBlank()) {
            throw new IllegalArgumentException("the bot command is empty");
        }
        for (String arg : args) {
            Matcher matcher = PLACEHOLDER.matcher(arg);
            while (matcher.find()) {
                if (!PLACEHOLDERS.contains(matcher.group())) {
                    throw new IllegalArgumentException("unknown placeholder " + matcher.group()
                            + " in the bot command; use {account_id}, {strategy} or {broker_username}");
                }
            }
        }
    }

    /**
     * Splits a command line on spaces; single or double quotes keep spaces inside one argument.
     *
     * @throws IllegalArgumentException for an empty line, an unclosed quote or an unknown placeholder
     */
    public static BotCommand parse(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArg = false;
                }
            } else {
                current.append(c);
                inArg = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote in the bot command: " + line);
        }
        if (inArg) {
            args.add(current.toString());
        }
        return new BotCommand(args);
    }

    /**
     * The built-in demo bot: {@link DemoBot} in a child JVM run by this JVM's java binary with this
     * JVM's class path.
     */
    public static BotCommand demo() {
        String javaBinary = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(Path.of(entry).toAbsolutePath().toString());
        }
        return new BotCommand(List.of(
                javaBinary,
                "-Xmx32m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                String.join(File.pathSeparator, classPath),
                DemoBot.class.getName(),
                "{account_id}",
                "{strategy}",
                "{broker_username}"));
    }

    /** The command for one start, placeholders replaced. */
    public List<String> expand(Account account, String strategy, String brokerUsername) {
        List<String> expanded = new ArrayList<>(args.size());
        for (String arg : args) {
            expanded.add(arg.replace("{account_id}", account.id().value())
                    .replace("{strategy}", strategy)
                    .replace("{broker_username}", brokerUsername));
        }
        return expanded;
    }
}
