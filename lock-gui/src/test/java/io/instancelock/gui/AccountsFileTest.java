package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.instancelock.core.AccountId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsFileTest {

    @TempDir
    Path dir;

    private Path file(String json) throws Exception {
        return Files.writeString(dir.resolve("accounts.json"), json);
    }

    @Test
    void readsAccountsStrategiesAndBotCommand() throws Exception {
        Path file = file("""
                {"accounts": [
                   {"id": "123456", "name": "Combine 50K - $50,000.00", "broker_username": "john_topstep"},
                   {"id": "ACC-2", "name": "Express", "broker_username": "jane"}],
                 "strategies": ["ES", "NQ", "CL"],
                 "bot_command": "python3 'my bot.py' --account {account_id} --strategy {strategy}"}
                """);

        AccountsConfig config = AccountsFile.read(file);

        assertThat(config.accounts())
                .containsExactly(
                        new Account(AccountId.of("123456"), "Combine 50K - $50,000.00", "john_topstep"),
                        new Account(AccountId.of("ACC-2"), "Express", "jane"));
        assertThat(config.strategies()).containsExactly("ES", "NQ", "CL");
        assertThat(config.botCommand().args())
                .containsExactly("python3", "my bot.py", "--account", "{account_id}", "--strategy", "{strategy}");
        assertThat(config.source()).isEqualTo(file.toAbsolutePath().toString());
    }

    @Test
    void aBareArrayOfAccountsGetsTheDefaultStrategiesAndTheDemoBot() throws Exception {
        AccountsConfig config =
                AccountsFile.read(file("[{\"id\": \"1\", \"name\": \"One\", \"broker_username\": \"b\"}]"));

        assertThat(config.strategies()).isEqualTo(AccountsConfig.DEFAULT_STRATEGIES);
        assertThat(config.botCommand()).isNull();
    }

    @Test
    void malformedJsonNamesTheFileAndWhereItBroke() throws Exception {
        Path file = file("{\"accounts\": [\n  {\"id\": \"1\",, }\n]}");

        assertThatThrownBy(() -> AccountsFile.read(file))
                .isInstanceOf(AccountsFile.Problem.class)
                .hasMessageStartingWith("accounts file " + file.toAbsolutePath() + ": not valid JSON")
                .hasMessageContaining("line 2");
    }

    @Test
    void anInvalidAccountIdSaysWhichEntryAndWhatIsAllowed() throws Exception {
        Path file = file("[{\"id\": \"../etc\", \"name\": \"x\", \"broker_username\": \"b\"}]");

        assertThatThrownBy(() -> AccountsFile.read(file))
                .hasMessageContaining("account #1: invalid account id '../etc'")
                .hasMessageContaining(AccountId.RULE);
    }

    @Test
    void missingFieldsDuplicatesAndEmptyListsAreNamed() throws Exception {
        for (var bad : List.of(
                List.of("[{\"id\": \"1\", \"broker_username\": \"b\"}]", "account #1 has no \"name\""),
                List.of(
                        "[{\"id\": \"1\", \"name\": \"a\", \"broker_username\": \"b\"},"
                                + "{\"id\": \"1\", \"name\": \"c\", \"broker_username\": \"d\"}]",
                        "account id 1 is listed twice"),
                List.of("{\"accounts\": []}", "expected a non-empty \"accounts\" array"),
                List.of("", "the file is empty"),
                List.of(
                        "[{\"id\": \"1\", \"name\": \"a\", \"broker_username\": \"b\"}]"
                                        .replace("[", "{\"bot_command\": \"x {price}\", \"accounts\": [")
                                + "}",
                        "unknown placeholder {price}"))) {
            Path file = file(bad.get(0));
            assertThatThrownBy(() -> AccountsFile.read(file)).as(bad.get(0)).hasMessageContaining(bad.get(1));
        }
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> AccountsFile.read(missing))
                .hasMessage("accounts file " + missing.toAbsolutePath() + ": the file does not exist");
    }

    @Test
    void theAccountsFileMayNameTheLockServer() throws Exception {
        // given
        Path file = file("""
                {"accounts": [{"id": "1", "name": "One", "broker_username": "b"}],
                 "server": "postgresql://bots@db.example.com/locks"}
                """);
        // when
        AccountsConfig config = AccountsFile.read(file);
        // then
        assertThat(config.server()).isEqualTo("postgresql://bots@db.example.com/locks");
        assertThat(AccountsFile.read(file("[{\"id\": \"1\", \"name\": \"One\", \"broker_username\": \"b\"}]"))
                        .server())
                .isNull();
    }

    @Test
    void aServerThatIsNotAUrlTextIsNamedAsTheProblem() throws Exception {
        // given
        Path file =
                file("{\"accounts\": [{\"id\": \"1\", \"name\": \"One\", \"broker_username\": \"b\"}], \"server\": 5}");
        // when / then
        assertThatThrownBy(() -> AccountsFile.read(file))
                .hasMessageContaining("\"server\" must be the lock server's URL");
    }
}
