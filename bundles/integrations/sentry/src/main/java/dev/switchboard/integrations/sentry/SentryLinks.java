package dev.switchboard.integrations.sentry;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Sentry's pagination: a {@code Link} header with {@code rel="next"} whose {@code results="true"} says
 * another page exists.
 */
final class SentryLinks {

    private static final Pattern LINK = Pattern.compile("<([^>]+)>([^,<]*)");

    /** The next page's URL, if there is one. */
    Optional<URI> next(HttpHeaders headers) {
        for (String header : headers.allValues("Link")) {
            Matcher matcher = LINK.matcher(header);
            while (matcher.find()) {
                String parameters = matcher.group(2).replace(" ", "");
                if (parameters.contains("rel=\"next\"") && parameters.contains("results=\"true\"")) {
                    return Optional.of(URI.create(matcher.group(1).trim()));
                }
            }
        }
        return Optional.empty();
    }
}
