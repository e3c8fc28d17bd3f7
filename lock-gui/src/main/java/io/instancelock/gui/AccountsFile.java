package io.instancelock.gui;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.instancelock.core.AccountId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the accounts file: a JSON object with {@code accounts} (each with {@code id}, {@code name}
 * and {@code broker_username}), optional {@code strategies} and an optional {@code bot_command}
 * (a string or an array of arguments); a bare array of accounts is accepted too.
 */
public final class AccountsFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AccountsFile() {}

    /** A file that cannot be used; the message names the file and the problem. */
    public static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(Path file, String problem) {
            super("accounts file " + file.toAbsolutePath() + ": " + problem);
        }
    }

    /** Reads and checks the file. @throws Problem naming the file and what is wrong with it */
    public static AccountsConfig read(Path file) throws Problem {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new Problem(file, "the file does not exist");
        } catch (JsonProcessingException e) {
            throw new Problem(file, "not valid JSON (" + e.getOriginalMessage() + where(e.getLocation()) + ")");
        } catch (IOException e) {
            throw new Problem(file, "cannot be read (" + e + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw new Problem(file, "the file is empty; expected {\"accounts\": [...]}");
        }
        JsonNode accountsNode = root.isArray() ? root : root.get("accounts");
        if (accountsNode == null || !accountsNode.isArray() || accountsNode.isEmpty()) {
            throw new Problem(
                    file, "expected a non-empty \"accounts\" array of {\"id\", \"name\", \"broker_username\"}");
        }
        List<Account> accounts = accounts(file, accountsNode);
        List<String> strategies = root.isObject() && root.has("strategies")
                ? strategies(file, root.get("strategies"))
                : AccountsConfig.DEFAULT_STRATEGIES;
        BotCommand command =
                root.isObject() && root.has("bot_command") ? botCommand(file, root.get("bot_command")) : null;
        String server = root.isObject() && root.has("server") ? server(file, root.get("server")) : null;
        return new AccountsConfig(
                accounts, strategies, command, file.toAbsolutePath().toString(), server);
    }

    private static List<Account> accounts(Path file, JsonNode array) throws Problem {
        List<Account> accounts = new ArrayList<>();
        Set<AccountId> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode entry = array.get(i);
            String label = "account #" + (i + 1);
            if (!entry.isObject()) {
                throw new Problem(file, label + " is not an object with \"id\", \"name\" and \"broker_username\"");
            }
            AccountId id;
            try {
                id = AccountId.of(text(file, entry, "id", label));
            } catch (IllegalArgumentException e) {
                throw new Problem(file, label + ": " + e.getMessage());
            }
            if (!seen.add(id)) {
                throw new Problem(file, label + ": account id " + id + " is listed twice");
            }
            accounts.add(
                    new Account(id, text(file, entry, "name", label), text(file, entry, "broker_username", label)));
        }
        return accounts;
    }

    private static List<String> strategies(Path file, JsonNode node) throws Problem {
        List<String> strategies = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode strategy : node) {
                if (strategy.isTextual() && !strategy.asText().isBlank()) {
                    strategies.add(strategy.asText().strip());
                }
            }
        }
        if (strategies.isEmpty() || strategies.size() != node.size()) {
            throw new Problem(file, "\"strategies\" must be a non-empty array of names such as [\"ES\", \"NQ\"]");
        }
        return strategies;
    }

    private static String server(Path file, JsonNode node) throws Problem {
        if (node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new Problem(
                    file, "\"server\" must be the lock server's URL, e.g. \"postgresql://bots@db.example.com/locks\"");
        }
        return node.asText().trim();
    }

    private static BotCommand botCommand(Path file, JsonNode node) throws Problem {
        try {
            if (node.isTextual()) {
                return BotCommand.parse(node.asText());
            }
            if (node.isArray() && node.size() > 0) {
                List<String> args = new ArrayList<>();
                for (JsonNode arg : node) {
                    if (!arg.isTextual()) {
                        throw new IllegalArgumentException("every argument must be a string");
                    }
                    args.add(arg.asText());
                }
                return new BotCommand(args);
            }
            throw new IllegalArgumentException("expected a command line string or an array of arguments");
        } catch (IllegalArgumentException e) {
            throw new Problem(file, "\"bot_command\": " + e.getMessage());
        }
    }

    private static String text(Path file, JsonNode entry, String field, String label) throws Problem {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new Problem(file, label + " has no \"" + field + "\" (a non-empty string is required)");
        }
        return value.asText().strip();
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 0
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
