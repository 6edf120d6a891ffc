/**
 * The contract every Switchboard plugin shares: its {@link dev.switchboard.spi.PluginDescriptor descriptor}
 * and {@link dev.switchboard.spi.PluginKind kind}. The five kinds live in the sub-packages. 1.1.0 adds
 * {@link dev.switchboard.spi.PublicAddresses}, the one check of which addresses may be called on a caller's behalf.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.switchboard.spi;
