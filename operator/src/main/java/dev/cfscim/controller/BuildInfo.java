package dev.cfscim.controller;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What Maven stamped into this build ({@code dev/cfscim/build.properties}, filtered at build time):
 * one source for {@code cfscim --version} and the {@code cfscim_build_info} metric, so a page shows
 * the version that answered it.
 */
public record BuildInfo(String version) {

    private static final String RESOURCE = "/dev/cfscim/build.properties";

    /** The running build's facts; "unknown" only when the classes were built without Maven. */
    public static BuildInfo current() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String version = properties.getProperty("version", "");
        // An IDE that copies resources without filtering leaves the placeholder as it is.
        return new BuildInfo(version.isBlank() || version.startsWith("${") ? "unknown" : version);
    }
}
