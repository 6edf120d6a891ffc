package dev.switchboard.integrations.oauth2;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** The version a plugin reports in its descriptor: its bundle's version. */
public final class PluginVersion {

    /** Reported outside OSGi, e.g. in unit tests. */
    public static final String UNKNOWN = "0.0.0";

    private PluginVersion() {
    }

    /**
     * The version of the bundle that loaded {@code type}, or {@link #UNKNOWN} when it was not loaded by one (or
     * the OSGi framework API is not on the class path, as in plain unit tests).
     */
    public static String of(Class<?> type) {
        try {
            Bundle bundle = FrameworkUtil.getBundle(type);
            return bundle == null ? UNKNOWN : bundle.getVersion().toString();
        } catch (NoClassDefFoundError e) {
            return UNKNOWN;
        }
    }
}
