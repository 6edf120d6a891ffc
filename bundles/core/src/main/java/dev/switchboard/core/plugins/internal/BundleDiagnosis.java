package dev.switchboard.core.plugins.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Requirement;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Explains why a plugin bundle provides no service: it did not resolve, it failed to start, or SCR
 * reports one of its components as failed to activate or unsatisfied.
 */
final class BundleDiagnosis {

    /** What is wrong with a bundle, if anything. */
    record Finding(boolean failed, String message) {
    }

    static final long SETTLE_MILLIS = 10_000;

    private final ServiceComponentRuntime scr;
    private final FrameworkWiring wiring;
    private final Clock clock;

    BundleDiagnosis(ServiceComponentRuntime scr, FrameworkWiring wiring, Clock clock) {
        this.scr = scr;
        this.wiring = wiring;
        this.clock = clock;
    }

    /** Null when the bundle is stopped on purpose or gone: then its plugins are simply absent. */
    Finding diagnose(Bundle bundle) {
        switch (bundle.getState()) {
            case Bundle.INSTALLED:
                List<String> missing = missingRequirements(bundle);
                if (!missing.isEmpty()) {
                    return new Finding(true, "bundle did not resolve: missing " + String.join(", ", missing));
                }
                return settled(bundle)
                        ? new Finding(true, "bundle did not resolve (see the log)")
                        : new Finding(false, "bundle is being installed");
            case Bundle.RESOLVED:
                if (!persistentlyStarted(bundle)) {
                    return null;
                }
                return settled(bundle)
                        ? new Finding(true, "bundle is resolved but failed to start (see the log)")
                        : new Finding(false, "bundle is starting");
            case Bundle.UNINSTALLED:
                return null;
            default:
                return componentFinding(bundle);
        }
    }

    private Finding componentFinding(Bundle bundle) {
        List<String> unsatisfied = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            if (!scr.isComponentEnabled(description)) {
                unsatisfied.add(description.name + " is disabled");
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return new Finding(true, "component " + description.name + " failed to activate: "
                            + rootCause(configuration.failure));
                }
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    for (var reference : configuration.unsatisfiedReferences) {
                        unsatisfied.add(description.name + " waits for " + reference.name);
                    }
                }
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    unsatisfied.add(description.name + " waits for its configuration");
                }
            }
        }
        return new Finding(false, unsatisfied.isEmpty()
                ? "declared in the Switchboard-Plugin header but no such service is registered"
                : String.join("; ", unsatisfied));
    }

    private List<String> missingRequirements(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        for (Requirement requirement : revision.getRequirements(null)) {
            if (isOptional(requirement)) {
                continue;
            }
            Collection<?> providers = wiring.findProviders(requirement);
            if (providers.isEmpty()) {
                missing.add(requirement.getNamespace() + " "
                        + requirement.getDirectives().get(Constants.FILTER_DIRECTIVE));
            }
        }
        return missing;
    }

    /** A bundle installed or updated moments ago may still be on its way to ACTIVE. */
    private boolean settled(Bundle bundle) {
        return clock.millis() - bundle.getLastModified() > SETTLE_MILLIS;
    }

    private static boolean isOptional(Requirement requirement) {
        String effective = requirement.getDirectives().get(Constants.EFFECTIVE_DIRECTIVE);
        if (effective != null && !Constants.EFFECTIVE_RESOLVE.equals(effective)) {
            return true; // e.g. osgi.service requirements: not needed to resolve
        }
        return Constants.RESOLUTION_OPTIONAL.equals(requirement.getDirectives().get(Constants.RESOLUTION_DIRECTIVE))
                || "dynamic".equals(requirement.getDirectives().get(Constants.RESOLUTION_DIRECTIVE));
    }

    private static boolean persistentlyStarted(Bundle bundle) {
        BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
        return startLevel != null && startLevel.isPersistentlyStarted();
    }

    /** SCR reports a stack trace; its last "Caused by:" line names what actually went wrong. */
    static String rootCause(String failure) {
        if (failure == null || failure.isBlank()) {
            return "unknown failure";
        }
        String cause = failure.lines().findFirst().orElse(failure).trim();
        for (String line : failure.lines().toList()) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length()).trim();
            }
        }
        return cause;
    }
}
