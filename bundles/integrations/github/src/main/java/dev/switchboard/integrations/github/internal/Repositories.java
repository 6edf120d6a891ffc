package dev.switchboard.integrations.github.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The metadata element of a repository: {@code id}, {@code name} (owner/name) and what forms show. */
public final class Repositories {

    private Repositories() {
    }

    public static Optional<Map<String, Object>> element(Map<String, Object> json) {
        Optional<String> id = Json.id(json, "id");
        Optional<String> fullName = Json.text(json, "full_name");
        if (id.isEmpty() || fullName.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> repository = new LinkedHashMap<>();
        repository.put("id", id.get());
        repository.put("name", fullName.get());
        repository.put("full_name", fullName.get());
        if (json.get("private") instanceof Boolean isPrivate) {
            repository.put("private", isPrivate);
        }
        Json.text(json, "default_branch").ifPresent(branch -> repository.put("default_branch", branch));
        Json.text(json, "html_url").ifPresent(url -> repository.put("url", url));
        Json.text(json, "clone_url").ifPresent(url -> repository.put("clone_url", url));
        return Optional.of(repository);
    }
}
