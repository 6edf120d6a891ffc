/**
 * The contract every Switchboard plugin shares: its {@link dev.switchboard.spi.PluginDescriptor descriptor}
 * and {@link dev.switchboard.spi.PluginKind kind}. The five kinds live in the sub-packages.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.switchboard.spi;
