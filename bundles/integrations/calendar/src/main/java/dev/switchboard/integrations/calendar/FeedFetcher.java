package dev.switchboard.integrations.calendar;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fetches a calendar feed with limits: one time limit for connecting, redirects and reading together, a size
 * limit enforced while reading, {@code https} only (unless configured otherwise), and no connection to an
 * address the {@link AddressPolicy} refuses.
 *
 * <p><b>Addresses.</b> Before every hop (the URL and each redirect target) the host is resolved and
 * <em>every</em> address it resolves to must be allowed; redirects are followed by hand, never by the HTTP
 * client, so no hop escapes the check. <b>DNS rebinding:</b> the JDK's HTTP client resolves the host again
 * when it connects, so a name that answers a public address to the check and a private one a moment later
 * could slip through. The JVM caches successful look-ups (30 s by default, {@code networkaddress.cache.ttl}),
 * so in practice the client connects to the address that was checked; a deployment that must rule the gap out
 * entirely routes outbound traffic through an egress proxy or firewall that refuses internal addresses.
 *
 * <p>Nothing here logs or reports the URL, the addresses or the response body.
 */
final class FeedFetcher {

    private final HttpClient http;
    private final CalendarSettings settings;
    private final AddressPolicy policy;
    private final Resolver resolver;

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    FeedFetcher(HttpClient http, CalendarSettings settings) {
        this(http, settings, settings.addressPolicy(), InetAddress::getAllByName);
    }

    FeedFetcher(HttpClient http, CalendarSettings settings, AddressPolicy policy, Resolver resolver) {
        this.http = http;
        this.settings = settings;
        this.policy = policy;
        this.resolver = resolver;
    }

    /** The client the adapter uses: no redirects (followed by hand), the fetch time limit to connect. */
    static HttpClient newClient(CalendarSettings settings) {
        return HttpClient.newBuilder().connectTimeout(settings.fetchTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The URL a person entered, checked for form: {@code https} (or {@code http} when allowed; {@code webcal}
     * counts as {@code https}), a host, no user info.
     */
    URI parse(String text) throws CalendarFeedException {
        if (text == null || text.isBlank() || text.length() > CalendarConstants.MAX_URL_LENGTH) {
            throw invalid();
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw invalid();
        }
        if ("webcal".equalsIgnoreCase(uri.getScheme()) || "webcals".equalsIgnoreCase(uri.getScheme())) {
            try {
                // the raw form keeps escapes such as %40 as they are (the multi-argument constructors would quote '%')
                uri = new URI("https:" + uri.getRawSchemeSpecificPart()
                        + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
            } catch (URISyntaxException e) {
                throw invalid();
            }
        }
        checkForm(uri);
        return uri;
    }

    private void checkForm(URI uri) throws CalendarFeedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean allowedScheme = scheme.equals("https") || (scheme.equals("http") && settings.allowHttp());
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw invalid();
        }
        if (!allowedScheme) {
            throw new CalendarFeedException(CalendarConstants.URL_INVALID,
                    "The calendar address must start with https:// (or webcal://).");
        }
    }

    private static CalendarFeedException invalid() {
        return new CalendarFeedException(CalendarConstants.URL_INVALID,
                "The calendar address is not a valid https:// (or webcal://) URL.");
    }

    /** The feed's text (UTF-8), following at most {@code maxRedirects} redirects. */
    String fetch(URI url) throws CalendarFeedException {
        long deadline = System.nanoTime() + settings.fetchTimeout().toNanos();
        URI current = url;
        for (int hop = 0; ; hop++) {
            checkForm(current);
            checkAddresses(current.getHost());
            HttpResponse<byte[]> response = send(current, deadline);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null || hop >= settings.maxRedirects()) {
                    throw new CalendarFeedException(CalendarConstants.FETCH_FAILED,
                            "The calendar server redirected too often.");
                }
                current = redirectTarget(current, location);
                continue;
            }
            if (status < 200 || status >= 300) {
                throw new CalendarFeedException(CalendarConstants.FETCH_FAILED, "The calendar server answered HTTP "
                        + status + ". Check that the address is the calendar's current secret or public address.");
            }
            return decode(response.body());
        }
    }

    private static URI redirectTarget(URI from, String location) throws CalendarFeedException {
        try {
            return from.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new CalendarFeedException(CalendarConstants.FETCH_FAILED,
                    "The calendar server redirected to an invalid address.");
        }
    }

    private void checkAddresses(String host) throws CalendarFeedException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new CalendarFeedException(CalendarConstants.FETCH_FAILED, "The calendar's host name is unknown.");
        }
        if (addresses.length == 0) {
            throw new CalendarFeedException(CalendarConstants.FETCH_FAILED, "The calendar's host name is unknown.");
        }
        for (InetAddress address : addresses) {
            if (!policy.allows(bare, address)) {
                throw new CalendarFeedException(CalendarConstants.URL_REFUSED,
                        "The calendar address points to a private or local network address, which is not allowed.");
            }
        }
    }

    private HttpResponse<byte[]> send(URI uri, long deadline) throws CalendarFeedException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut();
        }
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofNanos(remaining))
                .header("Accept", "text/calendar, text/plain;q=0.5, */*;q=0.1")
                .header("User-Agent", "Switchboard calendar check")
                .build();
        // the client may wrap a subscriber's failure in its own IOException: the flag says what happened
        AtomicBoolean overLimit = new AtomicBoolean();
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request,
                info -> new LimitedBody(settings.maxFeedBytes(), info, overLimit));
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CalendarFeedException(CalendarConstants.FETCH_FAILED, "Fetching the calendar was interrupted.");
        } catch (ExecutionException e) {
            if (overLimit.get()) {
                throw tooLarge();
            }
            Throwable cause = e.getCause();
            for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof TooLarge) {
                    throw tooLarge();
                }
                if (t instanceof java.net.http.HttpTimeoutException) {
                    throw timedOut();
                }
            }
            throw new CalendarFeedException(CalendarConstants.FETCH_FAILED, "The calendar could not be fetched ("
                    + (cause == null ? "error" : cause.getClass().getSimpleName()) + ").");
        }
    }

    private CalendarFeedException timedOut() {
        return new CalendarFeedException(CalendarConstants.FETCH_FAILED, "The calendar server did not answer within "
                + settings.fetchTimeout().toSeconds() + (settings.fetchTimeout().toSeconds() == 1 ? " second." : " seconds."));
    }

    private CalendarFeedException tooLarge() {
        return new CalendarFeedException(CalendarConstants.TOO_LARGE, "The calendar is larger than "
                + (settings.maxFeedBytes() / 1024) + " KiB; publish a shorter period or a free/busy-only calendar.");
    }

    private static String decode(byte[] body) throws CalendarFeedException {
        int start = body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf
                ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, start, body.length - start)).toString();
        } catch (CharacterCodingException e) {
            throw new CalendarFeedException(CalendarConstants.NOT_A_CALENDAR, "The address does not serve an iCalendar"
                    + " (.ics) file in UTF-8.");
        }
    }

    /** Over the size limit: reading stops at once. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("body over the limit", null, false, false);
        }
    }

    /** Collects the body up to {@code limit} bytes; a declared or actual larger body fails with {@link TooLarge}. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final boolean declaredTooLarge;
        private final AtomicBoolean overLimit;
        private Flow.Subscription subscription;

        LimitedBody(int limit, HttpResponse.ResponseInfo info, AtomicBoolean overLimit) {
            this.limit = limit;
            this.overLimit = overLimit;
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            this.declaredTooLarge = declared > limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (declaredTooLarge) {
                overLimit.set(true);
                result.completeExceptionally(new TooLarge());
                subscription.cancel();
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (buffer.size() + item.remaining() > limit) {
                    overLimit.set(true);
                    result.completeExceptionally(new TooLarge());
                    subscription.cancel();
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                buffer.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
