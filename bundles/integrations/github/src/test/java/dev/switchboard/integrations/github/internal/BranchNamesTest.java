package dev.switchboard.integrations.github.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BranchNamesTest {

    @ParameterizedTest
    @CsvSource({"main,main", "feature/login,feature/login", "refs/heads/release/1.2,release/1.2",
            "fix#12,fix%2312", "user/a+b,user/a%2Bb"})
    void validNamesBecomePathSegments(String name, String path) {
        String branch = BranchNames.normalize(name).orElseThrow();

        assertEquals(path, BranchNames.path(branch));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../main", "a/../b", "/main", "main/", "a//b", ".hidden", "a/.b", "x.lock", "end.",
            "has space", "tilde~1", "caret^", "colon:", "what?", "star*", "[bracket", "back\\slash", "at@{1}", "@",
            "-dash", "refs/heads/"})
    void invalidNamesAreRefused(String name) {
        assertEquals(Optional.empty(), BranchNames.normalize(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"release-2026.03", "dependabot/npm_and_yarn/lodash-4.17.21", "UPPER/case"})
    void commonNamesPass(String name) {
        assertTrue(BranchNames.normalize(name).isPresent(), name);
    }
}
