/**
 * Action invocations as other bundles see them: the invocation lifecycle and the names of the events the
 * engine publishes about it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package dev.switchboard.actions;
