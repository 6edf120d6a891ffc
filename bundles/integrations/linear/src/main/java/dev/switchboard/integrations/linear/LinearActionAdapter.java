package dev.switchboard.integrations.linear;

import static dev.switchboard.integrations.linear.LinearActionDefinitions.ADD_COMMENT;
import static dev.switchboard.integrations.linear.LinearActionDefinitions.CREATE_ISSUE;
import static dev.switchboard.integrations.linear.LinearActionDefinitions.DELETE_ISSUE;
import static dev.switchboard.integrations.linear.LinearActionDefinitions.GET_ISSUE;
import static dev.switchboard.integrations.linear.LinearActionDefinitions.LIST_ISSUES;
import static dev.switchboard.integrations.linear.LinearActionDefinitions.UPDATE_ISSUE;

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
 * Lets agents read and change Linear issues through Linear's GraphQL API ({@code apiBaseUrl}, default
 * {@code https://api.linear.app}) with the connected integration's token. See {@link LinearActionDefinitions}
 * for the actions and {@link LinearActions} for how idempotency keys are honoured.
 */
@Component(service = ActionAdapter.class)
public final class LinearActionAdapter implements ActionAdapter {

    private final PluginDescriptor descriptor;
    private final LinearActions actions;

    public LinearActionAdapter() {
        this(HttpClient.newBuilder()
                .connectTimeout(ProviderHttp.CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    LinearActionAdapter(HttpClient client) {
        this.actions = new LinearActions(new LinearActionClient(client));
        this.descriptor = new PluginDescriptor(LinearConstants.ID, "Linear", PluginVersion.of(getClass()),
                "Lists, reads, creates, updates, comments on and deletes Linear issues.",
                LinearActionDefinitions.CONFIG_SCHEMA, Set.of());
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String service() {
        return LinearConstants.SERVICE;
    }

    @Override
    public List<ActionDefinition> actions() {
        return LinearActionDefinitions.ALL;
    }

    @Override
    public String guide() {
        return LinearActionDefinitions.GUIDE;
    }

    @Override
    public ActionResult execute(ActionRequest request, AccessToken token) throws ActionException {
        return switch (request.action()) {
            case LIST_ISSUES -> actions.listIssues(request, token);
            case GET_ISSUE -> actions.getIssue(request, token);
            case CREATE_ISSUE -> actions.createIssue(request, token);
            case UPDATE_ISSUE -> actions.updateIssue(request, token);
            case ADD_COMMENT -> actions.addComment(request, token);
            case DELETE_ISSUE -> actions.deleteIssue(request, token);
            default -> throw ActionException.notFound("unknown Linear action: " + request.action());
        };
    }
}
