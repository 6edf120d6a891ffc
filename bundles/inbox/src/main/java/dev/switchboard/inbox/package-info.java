/**
 * The inbox: inbound messages ({@code POST /api/v1/messages}) are matched against the organization's skills and
 * acted on. Skill bundles whose skills act with {@code custom} register a {@link dev.switchboard.inbox.SkillExecutor}
 * service; it receives a {@link dev.switchboard.inbox.SkillInvocation} with the extracted values. Other engine
 * bundles hand trigger events and schedule fires to the {@link dev.switchboard.inbox.Inbox} (since 1.1.0).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.switchboard.inbox;
