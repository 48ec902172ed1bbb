package dev.mmun.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or "dev" when run from classes. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"mmun " + (v == null ? "0.1.0" : v), "Java " + System.getProperty("java.version")};
    }
}
