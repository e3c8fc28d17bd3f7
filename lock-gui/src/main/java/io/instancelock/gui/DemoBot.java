package io.instancelock.gui;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

/**
 * The built-in demo bot: prints simulated trading activity for an account once a second.
 *
 * <p>Usage: {@code DemoBot ACCOUNT_ID STRATEGY BROKER_USERNAME [--ticks N] [--exit-code CODE]}. It stops by
 * itself when its standard input closes: the launcher keeps that pipe open while it lives, so a killed
 * launcher never leaves a demo bot behind. {@code --ticks} ends it after N ticks with {@code --exit-code}
 * (default 0), to try what the launcher does when a bot ends on its own.
 */
public final class DemoBot {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private DemoBot() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: DemoBot ACCOUNT_ID STRATEGY BROKER_USERNAME [--ticks N] [--exit-code CODE]");
            System.exit(2);
        }
        String account = args[0];
        String strategy = args[1];
        String broker = args[2];
        long ticks = Long.MAX_VALUE;
        int exitCode = 0;
        for (int i = 3; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--ticks" -> ticks = Long.parseLong(args[i + 1]);
                case "--exit-code" -> exitCode = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("DemoBot: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        stopWhenStdinCloses();
        System.out.printf("demo bot started: account %s, strategy %s, broker %s%n", account, strategy, broker);
        Random random = new Random();
        double price = "NQ".equals(strategy) ? 21000 : 6000;
        int position = 0;
        for (long tick = 1; tick <= ticks; tick++) {
            price += (random.nextInt(9) - 4) * 0.25;
            position = Math.max(-3, Math.min(3, position + random.nextInt(3) - 1));
            System.out.printf(
                    Locale.ROOT,
                    "%s %s %s: last %.2f, position %+d%n",
                    LocalTime.now().format(CLOCK),
                    strategy,
                    account,
                    price,
                    position);
            System.out.flush();
            if (tick < ticks) {
                Thread.sleep(1000);
            }
        }
        System.out.println("demo bot finished after " + ticks + " ticks");
        System.exit(exitCode);
    }

    private static void stopWhenStdinCloses() {
        Thread watcher = new Thread(
                () -> {
                    try {
                        InputStream in = System.in;
                        while (in.read() >= 0) {
                            // Input is ignored; only its end matters.
                        }
                    } catch (IOException ignored) {
                        // A broken pipe is the same as a closed one.
                    }
                    System.out.println("demo bot: standard input closed (the launcher is gone); stopping");
                    System.exit(0);
                },
                "stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
