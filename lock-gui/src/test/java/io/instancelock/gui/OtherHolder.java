package io.instancelock.gui;

import static org.awaitility.Awaitility.await;

import io.instancelock.core.AccountId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Another process on this computer holding an account: a {@link HoldingProcess} in a child JVM. */
final class OtherHolder implements AutoCloseable {

    final Process process;
    private final AtomicBoolean held = new AtomicBoolean();

    private OtherHolder(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "other-holder-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a holder of {@code account}, with {@code bot} as its recorded bot when given. */
    static OtherHolder start(Path lockDir, AccountId account, String broker, String... bot) throws IOException {
        return start(Map.of(), lockDir, account, broker, bot);
    }

    /** The same with extra environment variables, e.g. {@code HOSTNAME} to pose as another computer. */
    static OtherHolder start(Map<String, String> env, Path lockDir, AccountId account, String broker, String... bot)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(lockDir.toString(), account.value(), broker));
        args.addAll(List.of(bot));
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m"), HoldingProcess.class, args))
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        OtherHolder holder = new OtherHolder(builder.start());
        await().atMost(Timing.PROCESS_START)
                .pollInterval(Timing.POLL)
                .alias("the other holder takes the account")
                .untilTrue(holder.held);
        return holder;
    }

    long pid() {
        return process.pid();
    }

    private void read() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("held")) {
                    held.set(true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ChildJvm.killTree(process.toHandle());
    }
}
