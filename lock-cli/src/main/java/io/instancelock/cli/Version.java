package io.instancelock.cli;

import picocli.CommandLine.IVersionProvider;

/** The version recorded in the jar's manifest by the build. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Lockctl.class.getPackage().getImplementationVersion();
        return new String[] {
            "lockctl " + (version != null ? version : "(development build)"),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch")
        };
    }
}
