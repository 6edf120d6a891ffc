package dev.switchboard.integrations.sentry;

import static dev.switchboard.integrations.sentry.SentryActionDefinitions.GET_EVENT;
import static dev.switchboard.integrations.sentry.SentryActionDefinitions.GET_ISSUE;
import static dev.switchboard.integrations.sentry.SentryActionDefinitions.LIST_ISSUES;
import static dev.switchboard.integrations.sentry.SentryActionDefinitions.LIST_ISSUE_EVENTS;
import static dev.switchboard.integrations.sentry.SentryActionDefinitions.UPDATE_ISSUE;

import dev.switchboard.integrations.oauth2.PluginVersion;
import dev.switchboard.integrations.oauth2.ProviderHttp;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import org.osgi.service.component.annotations.Component;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Set;

/**
 * Lets agents triage Sentry issues through Sentry's REST API ({@code baseUrl}, default {@code https://sentry.io},
 * or a self-hosted Sentry) with the connected integration's token. See {@link SentryActionDefinitions} for the
 * actions.
 */
@Component(service = ActionAdapter.class)
public final class SentryActionAdapter implements ActionAdapter {

    private final PluginDescriptor descriptor;
    private final SentryActions actions;

    public SentryActionAdapter() {
        this(HttpClient.newBuilder()
                .connectTimeout(ProviderHttp.CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    SentryActionAdapter(HttpClient client) {
        this.actions = new SentryActions(new SentryActionClient(client));
        this.descriptor = new PluginDescriptor(SentryConstants.ID, "Sentry", PluginVersion.of(getClass()),
                "Lists and reads Sentry issues and events, and resolves, ignores or assigns issues.",
                SentryActionDefinitions.CONFIG_SCHEMA, Set.of());
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String service() {
        return SentryConstants.SERVICE;
    }

    @Override
    public List<ActionDefinition> actions() {
        return SentryActionDefinitions.ALL;
    }

    @Override
    public String guide() {
        return SentryActionDefinitions.GUIDE;
    }

    @Override
    public ActionResult execute(ActionRequest request, AccessToken token) throws ActionException {
        return switch (request.action()) {
            case LIST_ISSUES -> actions.listIssues(request, token);
            case GET_ISSUE -> actions.getIssue(request, token);
            case LIST_ISSUE_EVENTS -> actions.listIssueEvents(request, token);
            case GET_EVENT -> actions.getEvent(request, token);
            case UPDATE_ISSUE -> actions.updateIssue(request, token);
            default -> throw ActionException.notFound("unknown Sentry action: " + request.action());
        };
    }
}
