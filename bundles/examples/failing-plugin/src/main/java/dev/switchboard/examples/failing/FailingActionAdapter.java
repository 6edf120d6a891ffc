package dev.switchboard.examples.failing;

import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import dev.switchboard.spi.AccessToken;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Test fixture: an action adapter whose activation always fails, as a plugin with a broken configuration
 * or a missing outside dependency would. The engine must list it as FAILED and keep everything else running.
 */
@Component(service = ActionAdapter.class)
public class FailingActionAdapter implements ActionAdapter {

    static final String FAILURE = "failing-plugin refuses to start (test fixture)";

    @Activate
    public FailingActionAdapter() {
        throw new IllegalStateException(FAILURE);
    }

    @Override
    public PluginDescriptor descriptor() {
        return PluginDescriptor.of("failing", "Failing", "0.1.0", "never activates");
    }

    @Override
    public String service() {
        return "failing";
    }

    @Override
    public List<ActionDefinition> actions() {
        return List.of();
    }

    @Override
    public ActionResult execute(ActionRequest request, AccessToken token) {
        throw new UnsupportedOperationException(FAILURE);
    }
}
