package dev.switchboard.integrations.github.internal;

import static dev.switchboard.integrations.github.GitHubConstants.MAX_PAGES;
import static dev.switchboard.integrations.github.GitHubConstants.PAGE_SIZE;

import dev.switchboard.integrations.github.internal.GitHubHttp.Response;
import dev.switchboard.spi.provider.ProviderException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a paged GitHub list by following {@code Link: <...>; rel="next"}, at most {@link
 * dev.switchboard.integrations.github.GitHubConstants#MAX_PAGES} pages. A next link is followed only on
 * the API's own origin, so the credential never goes anywhere else.
 */
public final class Pages {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private Pages() {
    }

    /**
     * All items of the list starting at {@code path} (without query), each mapped by {@code element} and
     * left out when it maps to empty.
     *
     * @param items extracts the page's items from the parsed body (an array, or a field of an object)
     */
    public static List<Map<String, Object>> list(GitHubHttp http, GitHubSettings settings, String path,
            String authorization, Clock clock, String operation, ItemsOf items,
            Function<Map<String, Object>, Optional<Map<String, Object>>> element) throws ProviderException {
        List<Map<String, Object>> result = new ArrayList<>();
        URI next = settings.api(path + "?per_page=" + PAGE_SIZE);
        for (int page = 0; page < MAX_PAGES && next != null; page++) {
            Response response = http.expect(http.api(next).header("Authorization", authorization).GET().build(),
                    operation, clock, 200);
            for (Object item : items.of(http, response, operation)) {
                if (item instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> object = (Map<String, Object>) map;
                    element.apply(object).ifPresent(result::add);
                }
            }
            next = next(response, settings);
        }
        return List.copyOf(result);
    }

    static URI next(Response response, GitHubSettings settings) {
        for (String link : response.headers().allValues("link")) {
            Matcher matcher = NEXT.matcher(link);
            if (matcher.find()) {
                try {
                    URI uri = URI.create(matcher.group(1));
                    return settings.sameOriginAsApi(uri) ? uri : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Where a page keeps its items. */
    @FunctionalInterface
    public interface ItemsOf {
        List<Object> of(GitHubHttp http, Response response, String operation) throws ProviderException;

        /** The body is the array. */
        static ItemsOf array() {
            return GitHubHttp::array;
        }

        /** The items are the array in {@code field} of the body object. */
        static ItemsOf field(String field) {
            return (http, response, operation) -> {
                if (http.object(response, operation).get(field) instanceof List<?> list) {
                    @SuppressWarnings("unchecked")
                    List<Object> array = (List<Object>) list;
                    return array;
                }
                throw ProviderException.of(ProviderException.Reason.BAD_RESPONSE,
                        operation + ": GitHub's answer has no " + field + " list");
            };
        }
    }
}
