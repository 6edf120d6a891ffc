package dev.switchboard.spi.skill;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a skill is invoked automatically: match, extract, act.
 *
 * @param sources             where the skill may be invoked from; non-empty
 * @param criteria            natural-language matching rules; required unless every source names the skill
 *                            ({@link MatchSource#CRON}, {@link MatchSource#EVENT})
 * @param confidenceThreshold minimum matcher confidence in [0, 1] to run the skill; below it the input falls
 *                            through to the general assistant
 * @param extractFields       values to extract from the input; names unique
 * @param act                 what to do once matched
 */
public record MatchSettings(
        Set<MatchSource> sources,
        String criteria,
        double confidenceThreshold,
        List<ExtractField> extractFields,
        SkillAct act) {

    /** The default confidence threshold. */
    public static final double DEFAULT_CONFIDENCE_THRESHOLD = 0.7;

    public MatchSettings {
        if (sources == null || sources.isEmpty()) {
            throw new IllegalArgumentException("a skill needs at least one match source");
        }
        sources = Set.copyOf(sources);
        criteria = criteria == null ? "" : criteria.strip();
        if (criteria.isEmpty() && sources.stream().anyMatch(MatchSource::matched)) {
            throw new IllegalArgumentException("criteria are required to match messages or emails");
        }
        if (!(confidenceThreshold >= 0.0 && confidenceThreshold <= 1.0)) {
            throw new IllegalArgumentException("confidenceThreshold must be within [0, 1]: " + confidenceThreshold);
        }
        extractFields = extractFields == null ? List.of() : List.copyOf(extractFields);
        if (extractFields.stream().map(ExtractField::name).distinct().count() != extractFields.size()) {
            throw new IllegalArgumentException("extract field names must be unique");
        }
        Objects.requireNonNull(act, "act");
    }

    /** Settings with the default confidence threshold. */
    public static MatchSettings of(Set<MatchSource> sources, String criteria, List<ExtractField> extractFields,
                                   SkillAct act) {
        return new MatchSettings(sources, criteria, DEFAULT_CONFIDENCE_THRESHOLD, extractFields, act);
    }
}
