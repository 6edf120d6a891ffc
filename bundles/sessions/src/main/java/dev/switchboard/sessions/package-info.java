/**
 * Agent sessions as other engine bundles see them: look-up scoped to an organization, the integrations bound
 * to a session, starting sessions for other bundles (one per origin key; since 0.6 also without a sandbox,
 * {@link dev.switchboard.sessions.NewSession#NO_SANDBOX}), and the session event log ({@link dev.switchboard.sessions.SessionEventLog}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.6.0")
package dev.switchboard.sessions;
