/**
 * Automations and their runs: look-ups for the bundles that fire them and the hand-off that creates a run
 * and its first outbox entry inside the caller's transaction.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package dev.switchboard.runs;
