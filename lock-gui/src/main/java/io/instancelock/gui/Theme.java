package io.instancelock.gui;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;

/** Installs the look and feel: FlatLaf light or dark (following the OS where it can tell), else the system one. */
final class Theme {

    /** Asked once, off the event thread: the answer takes a child process. */
    private static final CompletableFuture<Boolean> OS_DARK = CompletableFuture.supplyAsync(Theme::osPrefersDark);

    private Theme() {}

    /** Installs the theme; call before any component is created. */
    static void install(String choice) {
        boolean dark = isDark(choice);
        boolean installed;
        try {
            installed = dark ? FlatDarkLaf.setup() : FlatLightLaf.setup();
        } catch (RuntimeException | LinkageError e) {
            installed = false;
        }
        if (!installed) {
            try {
                UIManager.setLookAndFeel(UIManager.getSystemLookAndFeelClassName());
            } catch (ReflectiveOperationException | javax.swing.UnsupportedLookAndFeelException e) {
                // The default look and feel stays; the launcher works the same.
            }
        }
    }

    /** Switches the theme of every open window, on the event thread. */
    static void apply(String choice) {
        if (!(UIManager.getLookAndFeel() instanceof FlatLaf current) || current.isDark() == isDark(choice)) {
            return;
        }
        if (isDark(choice) ? FlatDarkLaf.setup() : FlatLightLaf.setup()) {
            FlatLaf.updateUI();
        }
    }

    /**
     * Whether the choice ({@code system}, {@code light} or {@code dark}) means dark here. For
     * {@code system} it waits for the OS's answer at start-up, and later takes it as known.
     */
    static boolean isDark(String choice) {
        return switch (choice) {
            case "dark" -> true;
            case "light" -> false;
            default -> SwingUtilities.isEventDispatchThread() ? OS_DARK.getNow(false) : OS_DARK.join();
        };
    }

    /** Asks the OS for its dark mode: macOS defaults, the Windows registry, GNOME settings. */
    static boolean osPrefersDark() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return answer(List.of("defaults", "read", "-g", "AppleInterfaceStyle"))
                    .contains("dark");
        }
        if (os.contains("win")) {
            return answer(List.of(
                            "reg",
                            "query",
                            "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                            "/v",
                            "AppsUseLightTheme"))
                    .matches("(?s).*appsuselighttheme\\s+reg_dword\\s+0x0\\b.*");
        }
        String gtkTheme = System.getenv("GTK_THEME");
        if (gtkTheme != null && gtkTheme.toLowerCase(Locale.ROOT).contains("dark")) {
            return true;
        }
        return answer(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme"))
                .contains("dark");
    }

    /** The command's output in lower case, or "" when it is missing, fails or takes too long. */
    private static String answer(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "";
            }
            try (InputStream out = process.getInputStream()) {
                return new String(out.readAllBytes(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            }
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
