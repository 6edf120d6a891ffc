package dev.switchboard.core.plugins.internal;

import dev.switchboard.spi.Plugin;
import dev.switchboard.spi.PluginKind;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.sandbox.SandboxProvider;
import dev.switchboard.spi.skill.Skill;
import dev.switchboard.spi.trigger.TriggerSource;

/** The service interface of each plugin kind. */
final class PluginKinds {

    private PluginKinds() {
    }

    static PluginKind of(Class<? extends Plugin> type) {
        if (type == ProviderAdapter.class) {
            return PluginKind.PROVIDER_ADAPTER;
        }
        if (type == TriggerSource.class) {
            return PluginKind.TRIGGER_SOURCE;
        }
        if (type == ActionAdapter.class) {
            return PluginKind.ACTION_ADAPTER;
        }
        if (type == SandboxProvider.class) {
            return PluginKind.SANDBOX_PROVIDER;
        }
        if (type == Skill.class) {
            return PluginKind.SKILL;
        }
        throw new IllegalArgumentException("not a plugin kind interface: " + type.getName());
    }
}
