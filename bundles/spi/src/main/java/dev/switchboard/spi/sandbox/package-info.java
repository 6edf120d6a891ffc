/**
 * Sandbox providers: {@link dev.switchboard.spi.sandbox.SandboxProvider} creates, recovers, snapshots,
 * pauses and destroys the isolated machines agents run in.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.switchboard.spi.sandbox;
