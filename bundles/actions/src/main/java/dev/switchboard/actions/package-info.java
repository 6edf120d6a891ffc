/**
 * Action invocations as other bundles see them: the invocation lifecycle, the names of the events the engine
 * publishes about it and, since 0.2, {@link dev.switchboard.actions.ActionInvoker}: invoking actions on behalf of a
 * session through the full policy.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.3.0")
package dev.switchboard.actions;
