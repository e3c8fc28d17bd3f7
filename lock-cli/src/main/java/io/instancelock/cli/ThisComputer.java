package io.instancelock.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** This computer's name, found as lock-core finds it for the records it writes. */
final class ThisComputer {

    private static final String NAME = find();

    private ThisComputer() {}

    static String name() {
        return NAME;
    }

    /** Whether a record's host is this computer; a record that names no host is taken as local. */
    static boolean isNamed(String hostname) {
        return hostname == null || hostname.isBlank() || shortName(hostname).equals(shortName(NAME));
    }

    private static String shortName(String host) {
        int dot = host.indexOf('.');
        return (dot > 0 ? host.substring(0, dot) : host).toLowerCase(Locale.ROOT);
    }

    private static String find() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel).trim();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
