package dev.switchboard.integrations.internal;

import java.security.SecureRandom;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds the current {@link IntegrationsConfig}; changes of the cfg file apply without a restart. */
@Component(service = IntegrationsSettings.class, configurationPid = IntegrationsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class IntegrationsSettings {

    private static final Logger LOG = LoggerFactory.getLogger(IntegrationsSettings.class);

    private final byte[] fallbackKey = new byte[32];
    private volatile IntegrationsConfig config;

    @Activate
    public IntegrationsSettings(Map<String, Object> properties) {
        new SecureRandom().nextBytes(fallbackKey);
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        Map<String, Object> safe = properties == null ? Map.of() : properties;
        if (!IntegrationsConfig.hasSigningKey(safe)) {
            LOG.warn("{}: stateSigningKey is unset or shorter than {} characters; OAuth states are signed with a"
                    + " random in-memory key. Multi-node deployments must set SWITCHBOARD_INTEGRATIONS_STATE_KEY,"
                    + " or callbacks reaching another node fail.", IntegrationsConfig.PID, IntegrationsConfig.MIN_KEY_LENGTH);
        }
        config = IntegrationsConfig.from(safe, fallbackKey);
        if (config.allowUnverifiedInstallations()) {
            LOG.warn("{}: {} = true: app installations whose provider adapter cannot verify the installing user are"
                    + " accepted; a member of any organization who knows an unclaimed installation id can connect it",
                    IntegrationsConfig.PID, IntegrationsConfig.ALLOW_UNVERIFIED_INSTALLATIONS);
        }
    }

    IntegrationsConfig config() {
        return config;
    }
}
