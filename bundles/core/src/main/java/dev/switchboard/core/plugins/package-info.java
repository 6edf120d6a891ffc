/** The engine's view of every deployed plugin: looked up by kind and id, with state and owner. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.switchboard.core.plugins;
