/**
 * Large language models: {@link dev.switchboard.llm.LlmClient} sends chat completions to an OpenAI-compatible
 * server configured in {@code etc/dev.switchboard.llm.cfg}; {@link dev.switchboard.llm.MessageMatcher} matches an
 * inbound message against candidate skills and extracts their fields (match, extract; acting is the caller's).
 * Since 1.1: tool calling ({@link dev.switchboard.llm.ToolSpec}, {@link dev.switchboard.llm.ToolCall}, tool messages).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.switchboard.llm;
