package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LauncherPrefsTest {

    private final Preferences node = Preferences.userRoot().node("io/instancelock/test/" + UUID.randomUUID());

    @AfterEach
    void forget() throws Exception {
        node.removeNode();
    }

    @Test
    void remembersAccountStrategyThemeAndBounds() {
        LauncherPrefs prefs = new LauncherPrefs(node);
        assertThat(prefs.account()).isEmpty();
        assertThat(prefs.bounds()).isEmpty();

        prefs.account(AccountId.of("100002"));
        prefs.strategy("NQ");
        prefs.theme("dark");
        prefs.bounds(new LauncherPrefs.Bounds(-10, 20, 900, 700));
        prefs.flush();

        LauncherPrefs again = new LauncherPrefs(node);
        assertThat(again.account()).contains(AccountId.of("100002"));
        assertThat(again.strategy()).contains("NQ");
        assertThat(again.theme()).contains("dark");
        assertThat(again.bounds()).contains(new LauncherPrefs.Bounds(-10, 20, 900, 700));
    }

    @Test
    void valuesEditedByHandIntoNonsenseAreForgotten() {
        node.put("account", "../etc");
        node.put("theme", "purple");
        node.put("bounds", "1,2,three,4");

        LauncherPrefs prefs = new LauncherPrefs(node);

        assertThat(prefs.account()).isEmpty();
        assertThat(prefs.theme()).isEmpty();
        assertThat(prefs.bounds()).isEmpty();
    }

    @Test
    void eachLockDirectoryHasItsOwn() throws Exception {
        String one = "/tmp/" + UUID.randomUUID() + "/locks";
        String two = "/tmp/" + UUID.randomUUID() + "/locks";
        LauncherPrefs first = LauncherPrefs.forLocation(one);
        LauncherPrefs second = LauncherPrefs.forLocation(two);
        try {
            first.account(AccountId.of("1"));

            assertThat(LauncherPrefs.forLocation(one).account()).contains(AccountId.of("1"));
            assertThat(second.account()).isEmpty();
        } finally {
            Preferences root = Preferences.userRoot().node(LauncherPrefs.ROOT);
            for (String child : root.childrenNames()) {
                if (one.equals(root.node(child).get("lockDirectory", null))
                        || two.equals(root.node(child).get("lockDirectory", null))) {
                    root.node(child).removeNode();
                }
            }
        }
    }
}
