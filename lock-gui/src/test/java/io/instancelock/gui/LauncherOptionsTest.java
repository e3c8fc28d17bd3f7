package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.instancelock.core.AccountId;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    @Test
    void defaultsToTheLockctlVariableElseLocks() throws Exception {
        assertThat(LauncherOptions.parse(new String[0], Map.of()).lockDir()).isEqualTo(Path.of("locks"));
        assertThat(LauncherOptions.parse(new String[0], Map.of()).theme())
                .as("no theme given: the one remembered applies")
                .isNull();
        assertThat(LauncherOptions.parse(new String[0], Map.of("LOCKCTL_DIR", "/srv/locks"))
                        .lockDir())
                .isEqualTo(Path.of("/srv/locks"));
    }

    @Test
    void readsEveryOptionInBothSpellings() throws Exception {
        LauncherOptions options = LauncherOptions.parse(
                new String[] {
                    "--lock-dir=/tmp/l",
                    "--accounts",
                    "a.json",
                    "--account",
                    "123456",
                    "--start",
                    "--broker",
                    "john",
                    "--bot-command",
                    "bot {account_id}",
                    "--theme",
                    "dark"
                },
                Map.of("LOCKCTL_DIR", "/ignored"));

        assertThat(options.lockDir()).isEqualTo(Path.of("/tmp/l"));
        assertThat(options.accountsFile()).isEqualTo(Path.of("a.json"));
        assertThat(options.account()).isEqualTo(AccountId.of("123456"));
        assertThat(options.start()).isTrue();
        assertThat(options.broker()).isEqualTo("john");
        assertThat(options.botCommand().args()).containsExactly("bot", "{account_id}");
        assertThat(options.theme()).isEqualTo("dark");
    }

    @Test
    void badInputSaysWhatIsWrongAndHowToFixIt() {
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--acount", "1"}, Map.of()))
                .hasMessage("unknown option '--acount'; see --help for the options");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--account"}, Map.of()))
                .hasMessage("--account needs a value, e.g. --account 123456");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--account", "a/b"}, Map.of()))
                .hasMessageContaining("invalid account id 'a/b'")
                .hasMessageContaining(AccountId.RULE);
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--start"}, Map.of()))
                .hasMessage("--start needs --account ID to say which account to start");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--theme", "blue"}, Map.of()))
                .hasMessage("--theme must be system, light or dark, not 'blue'");
    }

    @Test
    void theLockServerComesFromTheOptionElseTheLockctlVariableElseNone() throws Exception {
        // given
        String url = "postgresql://bots@db.example.com/locks";
        Map<String, String> env = Map.of("LOCKCTL_SERVER", "postgresql://env@db/locks");
        // when / then
        assertThat(LauncherOptions.parse(new String[] {"--server", url}, env).server())
                .isEqualTo(url);
        assertThat(LauncherOptions.parse(new String[] {"--server=" + url}, Map.of())
                        .server())
                .isEqualTo(url);
        assertThat(LauncherOptions.parse(new String[0], env).server()).isEqualTo("postgresql://env@db/locks");
        assertThat(LauncherOptions.parse(new String[0], Map.of()).server()).isNull();
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--server", " "}, Map.of()))
                .hasMessage("--server must not be empty, e.g. --server postgresql://bots@db.example.com/locks");
    }
}
