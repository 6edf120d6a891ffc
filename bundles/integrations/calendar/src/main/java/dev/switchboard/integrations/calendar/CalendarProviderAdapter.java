package dev.switchboard.integrations.calendar;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.CredentialsRejectedException;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.provider.SkillVariable;
import dev.switchboard.spi.provider.TokenSet;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's free/busy calendar as an iCalendar feed (Google "Secret address in iCal format", Outlook "Publish
 * a calendar" with "Can view when I'm busy", or any other {@code .ics} URL). The person connects by entering
 * the feed's URL ({@code url}) and optionally who serves it ({@code provider}: google, outlook or other,
 * otherwise inferred from the host).
 *
 * <p><b>Validation on save.</b> {@link #acceptCredentials} fetches the feed (time limit, size limit, public
 * addresses only, see {@link FeedFetcher}), parses it and refuses it unless it shows free/busy only
 * ({@link FreeBusyCheck}); the engine stores nothing then. The URL is a secret address: it is stored sealed as
 * the integration's credential, is never logged, and the integration shows only the host in its display name.
 *
 * <p>Skills: capability {@code calendar}, variables {@code CALENDAR_ICAL_URL} and {@code CALENDAR_PROVIDER}.
 */
@Component(service = ProviderAdapter.class, configurationPid = CalendarConstants.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class CalendarProviderAdapter implements ProviderAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarProviderAdapter.class);

    private static final String CONFIG_SCHEMA = """
            {"type": "object",
             "description": "Connect with POST /api/v1/integrations and credentials {url, provider}",
             "properties": {
               "url": {"type": "string", "writeOnly": true, "format": "password",
                 "title": "iCal address",
                 "description": "The calendar's secret or public address in iCal format (https:// or webcal://), published with free/busy-only permission"},
               "provider": {"type": "string", "enum": ["google", "outlook", "other"],
                 "title": "Calendar provider", "description": "Inferred from the address when not given"}},
             "required": ["url"],
             "additionalProperties": false}""";

    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(CalendarConstants.ID,
            "Calendar (iCal free/busy)", "1.0.0",
            "A person's free/busy calendar as an iCal feed (Google, Outlook or other), checked to show free/busy only.",
            CONFIG_SCHEMA, Set.of());

    private static final List<SkillVariable> VARIABLES = List.of(
            new SkillVariable(CalendarConstants.URL_VARIABLE, "The free/busy iCal feed URL (a secret address)", true),
            new SkillVariable(CalendarConstants.PROVIDER_VARIABLE, "Who serves the feed: google, outlook or other",
                    false));

    private final FeedFetcher fetcher;

    @Activate
    public CalendarProviderAdapter(Map<String, Object> properties) {
        this(CalendarSettings.from(properties));
    }

    CalendarProviderAdapter(CalendarSettings settings) {
        this(new FeedFetcher(FeedFetcher.newClient(settings), settings));
    }

    CalendarProviderAdapter(FeedFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public String service() {
        return CalendarConstants.SERVICE;
    }

    @Override
    public AuthKind authKind() {
        return AuthKind.API_KEY;
    }

    @Override
    public TokenSet acceptCredentials(Map<String, SecretValue> credentials, ProviderContext context)
            throws CredentialsRejectedException {
        SecretValue urlValue = credentials.get(CalendarConstants.CREDENTIAL_URL);
        SecretValue providerValue = credentials.get(CalendarConstants.CREDENTIAL_PROVIDER);
        Optional<CalendarProvider> given = Optional.empty();
        if (providerValue != null && !providerValue.isEmpty()) {
            given = CalendarProvider.fromWireName(providerValue.reveal());
            if (given.isEmpty()) {
                throw new CredentialsRejectedException(CalendarConstants.PROVIDER_INVALID,
                        CalendarConstants.CREDENTIAL_PROVIDER, "provider must be google, outlook or other");
            }
        }
        try {
            URI url = fetcher.parse(urlValue == null ? null : urlValue.reveal());
            checkFeed(fetcher.fetch(url));
            CalendarProvider provider = given.orElseGet(() -> CalendarProvider.inferFrom(url));
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put(EXTRA_TOKEN_TYPE, CalendarConstants.TOKEN_TYPE_PREFIX + provider.wireName());
            extra.put(EXTRA_DISPLAY_NAME, provider.displayName() + " (" + url.getHost() + ")");
            LOG.info("calendar feed accepted for organization {} (provider {})", context.organizationId(),
                    provider.wireName());
            return new TokenSet(SecretValue.of(url.toString()), null, null, Set.of(), extra);
        } catch (CalendarFeedException e) {
            LOG.info("calendar feed refused for organization {}: {}", context.organizationId(), e.code());
            throw new CredentialsRejectedException(e.code(), CalendarConstants.CREDENTIAL_URL, e.getMessage());
        }
    }

    /** Refuses text that is not an iCalendar or that shows more than free/busy. */
    static void checkFeed(String text) throws CalendarFeedException {
        List<ICalendar.ContentLine> lines = ICalendar.parse(text);
        if (!FreeBusyCheck.isCalendar(lines)) {
            throw new CalendarFeedException(CalendarConstants.NOT_A_CALENDAR,
                    "The address does not serve an iCalendar (.ics) file.");
        }
        Optional<String> detail = FreeBusyCheck.revealedDetail(lines);
        if (detail.isPresent()) {
            throw new CalendarFeedException(CalendarConstants.NOT_FREE_BUSY, FreeBusyCheck.message(detail.get()));
        }
    }

    @Override
    public Set<String> satisfiedCapabilities() {
        return Set.of(CalendarConstants.CAPABILITY);
    }

    @Override
    public List<SkillVariable> skillVariables() {
        return VARIABLES;
    }

    @Override
    public Map<String, SecretValue> skillVariableValues(ProviderContext context, AccessToken token)
            throws ProviderException {
        if (token == null || token.isNone()) {
            return Map.of();
        }
        Map<String, SecretValue> values = new LinkedHashMap<>();
        values.put(CalendarConstants.URL_VARIABLE, token.value());
        values.put(CalendarConstants.PROVIDER_VARIABLE, SecretValue.of(provider(token).wireName()));
        return values;
    }

    /** The provider remembered in the token type, else inferred again from the URL. */
    private static CalendarProvider provider(AccessToken token) {
        if (token.type().startsWith(CalendarConstants.TOKEN_TYPE_PREFIX)) {
            Optional<CalendarProvider> stored = CalendarProvider.fromWireName(
                    token.type().substring(CalendarConstants.TOKEN_TYPE_PREFIX.length()));
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        try {
            return CalendarProvider.inferFrom(URI.create(token.value().reveal()));
        } catch (IllegalArgumentException e) {
            return CalendarProvider.OTHER;
        }
    }
}
