package io.instancelock.gui;

import io.instancelock.core.AccountId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the launcher remembers between starts, per lock directory: the last account and strategy, the
 * theme, and the window's size and position. One {@link Preferences} node per directory, so two
 * desks sharing a computer but not a lock directory keep their own.
 */
public final class LauncherPrefs {

    /** The node under the user root that holds one child node per lock directory. */
    static final String ROOT = "io/instancelock/launcher";

    private static final String ACCOUNT = "account";
    private static final String STRATEGY = "strategy";
    private static final String THEME = "theme";
    private static final String BOUNDS = "bounds";
    private static final String LOCATION = "lockDirectory";

    private final Preferences node;

    /** Window bounds in screen pixels. */
    public record Bounds(int x, int y, int width, int height) {}

    LauncherPrefs(Preferences node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    /**
     * The preferences for one lock location. The node is named by a hash, since node names are
     * limited to 80 characters and may not contain a slash; the location itself is kept inside.
     */
    public static LauncherPrefs forLocation(String location) {
        Preferences node = Preferences.userRoot().node(ROOT).node(hash(location));
        node.put(LOCATION, location);
        return new LauncherPrefs(node);
    }

    public Optional<AccountId> account() {
        try {
            return Optional.ofNullable(node.get(ACCOUNT, null)).map(AccountId::of);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // edited by hand: forget it
        }
    }

    public void account(AccountId account) {
        node.put(ACCOUNT, account.value());
    }

    public Optional<String> strategy() {
        return Optional.ofNullable(node.get(STRATEGY, null));
    }

    public void strategy(String strategy) {
        node.put(STRATEGY, strategy);
    }

    /** {@code system}, {@code light} or {@code dark}. */
    public Optional<String> theme() {
        return Optional.ofNullable(node.get(THEME, null)).filter(LauncherOptions.THEMES::contains);
    }

    public void theme(String theme) {
        node.put(THEME, theme);
    }

    public Optional<Bounds> bounds() {
        String[] parts = node.get(BOUNDS, "").split(",");
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            Bounds bounds = new Bounds(
                    Integer.parseInt(parts[0]),
                    Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]));
            return bounds.width() > 0 && bounds.height() > 0 ? Optional.of(bounds) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void bounds(Bounds bounds) {
        node.put(BOUNDS, bounds.x() + "," + bounds.y() + "," + bounds.width() + "," + bounds.height());
    }

    /** Writes what was remembered to the backing store now, rather than at some later time. */
    public void flush() {
        try {
            node.flush();
        } catch (BackingStoreException | IllegalStateException e) {
            // Remembering is a convenience: a launcher that cannot store it works the same.
        }
    }

    private static String hash(String location) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
