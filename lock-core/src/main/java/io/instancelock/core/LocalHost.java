package io.instancelock.core;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;

/**
 * This computer's name as lock records carry it, found without a DNS look-up where the OS offers one,
 * and the rule that tells whether a record's host is this computer.
 *
 * <p>{@code INSTANCELOCK_HOST} overrides the name: for containers that share one host name, and for
 * tests that play two computers on one machine.
 */
public final class LocalHost {

    private static final String NAME = find();

    private LocalHost() {}

    /** This computer's name, as written into the records of this process. */
    public static String name() {
        return NAME;
    }

    /** Whether a record's host is this computer; a record that names no host is taken as local. */
    public static boolean isThisComputer(String hostname) {
        return sameHost(hostname, NAME);
    }

    /** Host names match without regard to case or domain: {@code PC.example.com} is {@code pc}. */
    static boolean sameHost(String hostname, String local) {
        if (hostname == null || hostname.isBlank()) {
            return true;
        }
        return shortName(hostname).equals(shortName(local));
    }

    private static String shortName(String host) {
        int dot = host.indexOf('.');
        return (dot > 0 ? host.substring(0, dot) : host).toLowerCase(Locale.ROOT);
    }

    private static String find() {
        for (String variable : new String[] {"INSTANCELOCK_HOST", "HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        String kernel = ProcFiles.read("/proc/sys/kernel/hostname");
        if (kernel != null && !kernel.isBlank()) {
            return kernel.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
