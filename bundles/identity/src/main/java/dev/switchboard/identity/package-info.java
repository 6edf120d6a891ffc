/**
 * Identity services other engine bundles use: the audit log, agent session tokens, organization deletion
 * participants and member look-ups. The REST contract types ({@code Caller}, {@code Role}) live in
 * {@code dev.switchboard.rest}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.switchboard.identity;
