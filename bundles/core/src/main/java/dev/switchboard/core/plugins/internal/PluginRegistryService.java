package dev.switchboard.core.plugins.internal;

import dev.switchboard.core.plugins.PluginEntry;
import dev.switchboard.core.plugins.PluginEntry.BundleInfo;
import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.core.plugins.PluginState;
import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.spi.Plugin;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.PluginHeader;
import dev.switchboard.spi.PluginKind;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.sandbox.SandboxProvider;
import dev.switchboard.spi.skill.Skill;
import dev.switchboard.spi.trigger.TriggerSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks the plugin services of all five kinds through dynamic, greedy DS references. When two bundles
 * provide the same kind and id, the lower bundle id wins and the other is a conflict.
 */
@Component(service = PluginRegistry.class)
public class PluginRegistryService implements PluginRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistryService.class);
    private static final Comparator<PluginRegistration> PRECEDENCE =
            Comparator.comparingLong((PluginRegistration r) -> r.bundle().id()).thenComparingLong(PluginRegistration::serviceId);
    private static final Comparator<PluginEntry> ORDER =
            Comparator.comparing(PluginEntry::kind).thenComparing(PluginEntry::id)
                    .thenComparing(entry -> entry.bundle().id());

    private final Map<Long, PluginRegistration> byServiceId = new ConcurrentHashMap<>();
    private final BundleContext context;
    private final BundleDiagnosis diagnosis;

    @Activate
    public PluginRegistryService(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.diagnosis = new BundleDiagnosis(scr,
                context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class), Clock.systemUTC());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeProviderAdapter")
    void addProviderAdapter(ProviderAdapter plugin, ServiceReference<ProviderAdapter> reference) {
        add(PluginKind.PROVIDER_ADAPTER, plugin, reference);
    }

    void removeProviderAdapter(ServiceReference<ProviderAdapter> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeTriggerSource")
    void addTriggerSource(TriggerSource plugin, ServiceReference<TriggerSource> reference) {
        add(PluginKind.TRIGGER_SOURCE, plugin, reference);
    }

    void removeTriggerSource(ServiceReference<TriggerSource> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeActionAdapter")
    void addActionAdapter(ActionAdapter plugin, ServiceReference<ActionAdapter> reference) {
        add(PluginKind.ACTION_ADAPTER, plugin, reference);
    }

    void removeActionAdapter(ServiceReference<ActionAdapter> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeSandboxProvider")
    void addSandboxProvider(SandboxProvider plugin, ServiceReference<SandboxProvider> reference) {
        add(PluginKind.SANDBOX_PROVIDER, plugin, reference);
    }

    void removeSandboxProvider(ServiceReference<SandboxProvider> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeSkill")
    void addSkill(Skill plugin, ServiceReference<Skill> reference) {
        add(PluginKind.SKILL, plugin, reference);
    }

    void removeSkill(ServiceReference<Skill> reference) {
        remove(reference);
    }

    void add(PluginKind kind, Plugin plugin, ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        if (bundle == null) {
            return; // unregistered while being bound
        }
        long serviceId = (Long) reference.getProperty(Constants.SERVICE_ID);
        PluginRegistration registration = PluginRegistration.of(kind, plugin, infoOf(bundle), serviceId,
                soleDeclaredId(bundle, kind));
        byServiceId.put(serviceId, registration);
        if (registration.usable()) {
            LOG.info("plugin {} '{}' {} from bundle {} registered", kind.slug(), registration.id(),
                    registration.descriptor().version(), bundle.getSymbolicName());
        } else {
            LOG.warn("plugin {} from bundle {} is unusable: {}", kind.slug(), bundle.getSymbolicName(),
                    registration.descriptorError());
        }
    }

    void remove(ServiceReference<?> reference) {
        PluginRegistration removed = byServiceId.remove((Long) reference.getProperty(Constants.SERVICE_ID));
        if (removed != null) {
            LOG.info("plugin {} '{}' from bundle {} is gone", removed.kind().slug(), removed.id(),
                    removed.bundle().symbolicName());
        }
    }

    @Override
    public List<PluginEntry> entries() {
        List<PluginEntry> entries = new ArrayList<>(serviceEntries());
        entries.addAll(declaredButMissing(entries));
        entries.sort(ORDER);
        return entries;
    }

    @Override
    public Optional<PluginEntry> entry(PluginKind kind, String id) {
        return entries().stream()
                .filter(entry -> entry.kind() == kind && entry.id().equals(id))
                .min(Comparator.comparing(PluginEntry::state));
    }

    @Override
    public <T extends Plugin> T require(Class<T> kindType, String id) {
        PluginKind kind = PluginKinds.of(kindType);
        return winners(kind).stream()
                .filter(registration -> registration.id().equals(id))
                .findFirst()
                .map(registration -> kindType.cast(registration.plugin()))
                .orElseThrow(() -> new PluginUnavailableException(kind, id,
                        entry(kind, id).map(PluginEntry::error).orElse("no such plugin is deployed")));
    }

    @Override
    public <T extends Plugin> List<T> active(Class<T> kindType) {
        return winners(PluginKinds.of(kindType)).stream().map(r -> kindType.cast(r.plugin())).toList();
    }

    private List<PluginRegistration> winners(PluginKind kind) {
        Map<String, PluginRegistration> winners = new java.util.TreeMap<>();
        byServiceId.values().stream()
                .filter(r -> r.kind() == kind && r.usable())
                .sorted(PRECEDENCE)
                .forEach(r -> winners.putIfAbsent(r.id(), r));
        return List.copyOf(winners.values());
    }

    private List<PluginEntry> serviceEntries() {
        List<PluginEntry> entries = new ArrayList<>();
        Map<String, PluginRegistration> winners = new java.util.HashMap<>();
        byServiceId.values().stream().sorted(PRECEDENCE).forEach(registration -> {
            if (!registration.usable()) {
                entries.add(new PluginEntry(registration.kind(), registration.descriptor(), registration.bundle(),
                        PluginState.FAILED, registration.descriptorError()));
                return;
            }
            String key = registration.kind().slug() + "/" + registration.id();
            PluginRegistration winner = winners.putIfAbsent(key, registration);
            if (winner == null) {
                entries.add(new PluginEntry(registration.kind(), registration.descriptor(), registration.bundle(),
                        PluginState.ACTIVE, null));
            } else {
                entries.add(new PluginEntry(registration.kind(), registration.descriptor(), registration.bundle(),
                        PluginState.CONFLICT, "id '" + registration.id() + "' is already provided by bundle "
                        + winner.bundle().symbolicName() + " (bundle id " + winner.bundle().id() + ")"));
            }
        });
        return entries;
    }

    private List<PluginEntry> declaredButMissing(List<PluginEntry> present) {
        List<PluginEntry> missing = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String header = bundle.getHeaders("").get(PluginHeader.NAME);
            if (header == null) {
                continue;
            }
            List<String> problems = new ArrayList<>();
            List<DeclaredPlugin> declared = DeclaredPlugin.parse(header, problems);
            problems.forEach(problem -> LOG.debug("bundle {}: {}", bundle.getSymbolicName(), problem));
            BundleInfo info = infoOf(bundle);
            BundleDiagnosis.Finding finding = null;
            for (DeclaredPlugin plugin : declared) {
                boolean registered = present.stream().anyMatch(entry -> entry.bundle().id() == info.id()
                        && entry.kind() == plugin.kind() && plugin.matches(entry.id()));
                if (registered) {
                    continue;
                }
                if (finding == null) {
                    finding = diagnosis.diagnose(bundle);
                    if (finding == null) {
                        break;
                    }
                }
                if (plugin.factory() && !finding.failed()) {
                    continue; // a factory without configurations registers nothing, and that is fine
                }
                missing.add(new PluginEntry(plugin.kind(), placeholder(plugin, info), info,
                        finding.failed() ? PluginState.FAILED : PluginState.INACTIVE, finding.message()));
            }
        }
        return missing;
    }

    private static String soleDeclaredId(Bundle bundle, PluginKind kind) {
        List<DeclaredPlugin> ofKind = DeclaredPlugin.parse(bundle.getHeaders("").get(PluginHeader.NAME),
                new ArrayList<>()).stream().filter(declared -> declared.kind() == kind).toList();
        return ofKind.size() == 1 ? ofKind.get(0).id() : null;
    }

    private static PluginDescriptor placeholder(DeclaredPlugin plugin, BundleInfo bundle) {
        return new PluginDescriptor(plugin.id(), plugin.id(), bundle.version(), "", null, null);
    }

    private static BundleInfo infoOf(Bundle bundle) {
        return new BundleInfo(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion().toString());
    }
}
