package dev.switchboard.skills.internal;

import dev.switchboard.llm.OrganizationLlm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Variables from the organization's own LLM settings (the LLM bundle's {@code OrganizationLlmSettings}), and the
 * capability {@code llm} they satisfy when a key is set. The deployment's LLM never fills them: its key is the
 * operator's.
 */
final class LlmVariables {

    static final String PROVIDER = "LLM_PROVIDER";
    static final String MODEL = "LLM_MODEL";
    static final String BASE_URL = "LLM_BASE_URL";
    /** The only secret one: opened at render time, never part of a profile. */
    static final String API_KEY = "LLM_API_KEY";
    static final List<String> NAMES = List.of(PROVIDER, MODEL, BASE_URL, API_KEY);
    static final String CAPABILITY = "llm";
    static final String LABEL = "LLM (an admin sets the organization's LLM key in Settings and shares it with skills)";

    private LlmVariables() {
    }

    /** The non-secret values: provider, model and the API root. */
    static Map<String, String> values(OrganizationLlm llm) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(PROVIDER, llm.provider().wireName());
        values.put(MODEL, llm.model());
        values.put(BASE_URL, llm.endpoint().toString());
        return values;
    }
}
