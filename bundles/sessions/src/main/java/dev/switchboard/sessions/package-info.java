/**
 * Agent sessions as other engine bundles see them: look-up scoped to an organization, the integrations bound
 * to a session, and (for now) a minimal create.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package dev.switchboard.sessions;
