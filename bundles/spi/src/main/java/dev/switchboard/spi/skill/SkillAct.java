package dev.switchboard.spi.skill;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Objects;

/**
 * What happens once a skill matched: one of {@link Notify}, {@link ExecuteWithTools} or {@link Custom}.
 * In JSON, the {@code type} property names the variant ({@code notify}, {@code execute_with_tools},
 * {@code custom}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SkillAct.Notify.class, name = "notify"),
        @JsonSubTypes.Type(value = SkillAct.ExecuteWithTools.class, name = "execute_with_tools"),
        @JsonSubTypes.Type(value = SkillAct.Custom.class, name = "custom")})
public sealed interface SkillAct {

    /** Send the user a notification composed from the skill's instructions and the extracted values. */
    record Notify() implements SkillAct {
    }

    /**
     * Run an agentic loop with the skill's instructions, limited to {@code allowedTools}.
     *
     * @param allowedTools  names of the tools the loop may call; empty means none
     * @param maxIterations upper bound of model/tool round trips, at least 1
     */
    record ExecuteWithTools(List<String> allowedTools, int maxIterations) implements SkillAct {

        /** The default bound of the loop. */
        public static final int DEFAULT_MAX_ITERATIONS = 5;

        public ExecuteWithTools {
            allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be at least 1");
            }
        }

        /** A loop over {@code allowedTools} with the default bound. */
        public static ExecuteWithTools of(List<String> allowedTools) {
            return new ExecuteWithTools(allowedTools, DEFAULT_MAX_ITERATIONS);
        }
    }

    /**
     * Hand the match to a custom executor registered in the engine under {@code executorId}.
     *
     * @param executorId id of the executor, non-blank
     */
    record Custom(String executorId) implements SkillAct {

        public Custom {
            Objects.requireNonNull(executorId, "executorId");
            if (executorId.isBlank()) {
                throw new IllegalArgumentException("executorId must not be blank");
            }
        }
    }
}
