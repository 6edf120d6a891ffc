/**
 * Large language models: {@link dev.switchboard.llm.LlmClient} sends chat completions to an OpenAI-compatible
 * server configured in {@code etc/dev.switchboard.llm.cfg}, or to an organization's own
 * ({@link dev.switchboard.llm.LlmClient#forOrganization}); {@link dev.switchboard.llm.MessageMatcher} matches an
 * inbound message against candidate skills and extracts their fields (match, extract; acting is the caller's);
 * {@link dev.switchboard.llm.OrganizationLlmSettings} reads organizations' own settings.
 *
 * <p>1.1.0: {@code LlmClient.forOrganization}, {@code MessageMatcher.match(UUID, ...)} (both default methods),
 * {@code LlmProvider}, {@code OrganizationLlm}, {@code OrganizationLlmSettings}.
 * {@code ToolSpec}, {@code ToolCall}, tool messages (tool calling in {@code ChatRequest}, {@code ChatMessage},
 * {@code ChatResponse}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package dev.switchboard.llm;
