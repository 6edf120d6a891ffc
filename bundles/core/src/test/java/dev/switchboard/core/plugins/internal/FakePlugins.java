package dev.switchboard.core.plugins.internal;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import dev.switchboard.spi.skill.Skill;
import java.util.List;
import java.util.function.Supplier;

/** The smallest plugins the registry can hold. */
final class FakePlugins {

    private FakePlugins() {
    }

    static ActionAdapter action(String id) {
        PluginDescriptor descriptor = PluginDescriptor.of(id, id, "1.0.0", "test adapter " + id);
        return action(() -> descriptor);
    }

    static ActionAdapter action(Supplier<PluginDescriptor> descriptor) {
        return new ActionAdapter() {
            @Override
            public PluginDescriptor descriptor() {
                return descriptor.get();
            }

            @Override
            public String service() {
                return "test";
            }

            @Override
            public List<ActionDefinition> actions() {
                return List.of();
            }

            @Override
            public ActionResult execute(ActionRequest request, AccessToken token) {
                return ActionResult.of(null);
            }
        };
    }

    static Skill skill(String id) {
        PluginDescriptor descriptor = PluginDescriptor.of(id, id, "1.0.0", "test skill " + id);
        return new Skill() {
            @Override
            public PluginDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public String intent() {
                return "tests";
            }

            @Override
            public String instructions() {
                return "do {{THING}}";
            }
        };
    }
}
