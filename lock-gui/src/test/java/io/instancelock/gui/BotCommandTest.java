package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.instancelock.core.AccountId;
import org.junit.jupiter.api.Test;

class BotCommandTest {

    private static final Account ACCOUNT = new Account(AccountId.of("123456"), "Combine", "john topstep");

    @Test
    void placeholdersAreFilledPerArgumentWithoutSplittingValues() {
        BotCommand command =
                BotCommand.parse("bot --account={account_id} \"--label={strategy} run\" {broker_username}");

        assertThat(command.expand(ACCOUNT, "ES", "john topstep"))
                .containsExactly("bot", "--account=123456", "--label=ES run", "john topstep");
    }

    @Test
    void emptyCommandsUnclosedQuotesAndUnknownPlaceholdersAreRefused() {
        assertThatThrownBy(() -> BotCommand.parse("   ")).hasMessage("the bot command is empty");
        assertThatThrownBy(() -> BotCommand.parse("bot 'x")).hasMessageContaining("unclosed ' quote");
        assertThatThrownBy(() -> BotCommand.parse("bot {account}"))
                .hasMessageContaining("unknown placeholder {account}");
    }

    @Test
    void theDemoBotRunsInThisJavaWithThisClassPath() {
        BotCommand demo = BotCommand.demo();

        assertThat(demo.args()).contains(DemoBot.class.getName(), "{account_id}", "{strategy}", "{broker_username}");
        assertThat(demo.args().get(0)).contains("java");
    }
}
