/**
 * Skills: {@link dev.switchboard.spi.skill.Skill} is an instruction template with {@code {{VAR}}}
 * placeholders, gated by role and capabilities, optionally invoked automatically through
 * {@link dev.switchboard.spi.skill.MatchSettings} (match, extract, act).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.switchboard.spi.skill;
