package dev.switchboard.core.plugins.internal;

import static dev.switchboard.core.plugins.internal.FakePlugins.action;
import static dev.switchboard.core.plugins.internal.FakePlugins.skill;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.switchboard.core.plugins.PluginEntry;
import dev.switchboard.core.plugins.PluginState;
import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.spi.PluginHeader;
import dev.switchboard.spi.PluginKind;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.skill.Skill;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * The registry's rules, fed the way DS feeds it. The OSGi handles (context, bundles, references, SCR) are
 * Mockito stubs; the container's own behaviour is covered by the itests.
 */
class PluginRegistryServiceTest {

    private final BundleContext context = mock(BundleContext.class);
    private final ServiceComponentRuntime scr = mock(ServiceComponentRuntime.class);
    private final List<Bundle> installed = new ArrayList<>();
    private long nextServiceId = 100;
    private PluginRegistryService registry;

    @BeforeEach
    void setUp() {
        Bundle system = mock(Bundle.class);
        when(context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)).thenReturn(system);
        when(context.getBundles()).thenAnswer(invocation -> installed.toArray(Bundle[]::new));
        registry = new PluginRegistryService(context, scr);
    }

    @Test
    void aRegisteredPluginIsActiveAndRequired() {
        ActionAdapter echo = action("echo");
        registry.addActionAdapter(echo, reference(bundle(10, "dev.example.echo")));

        PluginEntry entry = registry.entry(PluginKind.ACTION_ADAPTER, "echo").orElseThrow();
        assertEquals(PluginState.ACTIVE, entry.state());
        assertNull(entry.error());
        assertEquals(new PluginEntry.BundleInfo(10, "dev.example.echo", "1.2.3"), entry.bundle());
        assertSame(echo, registry.require(ActionAdapter.class, "echo"));
        assertEquals(List.of(echo), registry.active(ActionAdapter.class));
    }

    @Test
    void theLowerBundleIdWinsWhicheverArrivesFirst() {
        ActionAdapter later = action("echo");
        ActionAdapter earlier = action("echo");
        registry.addActionAdapter(later, reference(bundle(20, "dev.example.second")));
        registry.addActionAdapter(earlier, reference(bundle(10, "dev.example.first")));

        assertSame(earlier, registry.require(ActionAdapter.class, "echo"));
        assertEquals(List.of(earlier), registry.active(ActionAdapter.class));
        List<PluginEntry> entries = registry.entries();
        assertEquals(2, entries.size());
        assertEquals(PluginState.ACTIVE, entries.get(0).state());
        assertEquals(10, entries.get(0).bundle().id());
        assertEquals(PluginState.CONFLICT, entries.get(1).state());
        assertEquals(20, entries.get(1).bundle().id());
        assertEquals("id 'echo' is already provided by bundle dev.example.first (bundle id 10)",
                entries.get(1).error());
        assertEquals(PluginState.ACTIVE, registry.entry(PluginKind.ACTION_ADAPTER, "echo").orElseThrow().state());
    }

    @Test
    void whenTheWinnerGoesTheConflictingPluginTakesOver() {
        ActionAdapter first = action("echo");
        ActionAdapter second = action("echo");
        ServiceReference<ActionAdapter> firstReference = reference(bundle(10, "dev.example.first"));
        registry.addActionAdapter(first, firstReference);
        registry.addActionAdapter(second, reference(bundle(20, "dev.example.second")));

        registry.removeActionAdapter(firstReference);

        assertSame(second, registry.require(ActionAdapter.class, "echo"));
        assertEquals(List.of(PluginState.ACTIVE), registry.entries().stream().map(PluginEntry::state).toList());
    }

    @Test
    void aRemovedPluginDisappears() {
        ServiceReference<ActionAdapter> reference = reference(bundle(10, "dev.example.echo"));
        registry.addActionAdapter(action("echo"), reference);

        registry.removeActionAdapter(reference);

        assertEquals(List.of(), registry.entries());
        assertTrue(registry.entry(PluginKind.ACTION_ADAPTER, "echo").isEmpty());
        assertEquals(List.of(), registry.active(ActionAdapter.class));
        assertThrows(PluginUnavailableException.class, () -> registry.require(ActionAdapter.class, "echo"));
    }

    @Test
    void aPluginWhoseDescriptorThrowsIsFailedAndIsolated() {
        ActionAdapter healthy = action("echo");
        registry.addActionAdapter(action(() -> {
            throw new IllegalStateException("schema file missing");
        }), reference(bundle(10, "dev.example.broken")));
        registry.addActionAdapter(healthy, reference(bundle(11, "dev.example.echo")));

        PluginEntry failed = registry.entries().stream()
                .filter(entry -> entry.state() == PluginState.FAILED).findFirst().orElseThrow();
        assertEquals("descriptor() threw IllegalStateException: schema file missing", failed.error());
        assertEquals("dev.example.broken", failed.bundle().symbolicName());
        assertEquals(List.of(healthy), registry.active(ActionAdapter.class));
        assertSame(healthy, registry.require(ActionAdapter.class, "echo"));
    }

    @Test
    void aPluginWhoseDescriptorIsNullIsFailed() {
        registry.addActionAdapter(action(() -> null), reference(bundle(10, "dev.example.broken")));

        PluginEntry entry = registry.entries().get(0);
        assertEquals(PluginState.FAILED, entry.state());
        assertEquals("descriptor() returned null", entry.error());
        assertEquals(List.of(), registry.active(ActionAdapter.class));
    }

    @Test
    void requireOfAnUnknownIdThrowsPluginUnavailable() {
        registry.addActionAdapter(action("echo"), reference(bundle(10, "dev.example.echo")));

        PluginUnavailableException thrown = assertThrows(PluginUnavailableException.class,
                () -> registry.require(ActionAdapter.class, "linear"));

        assertEquals(PluginKind.ACTION_ADAPTER, thrown.kind());
        assertEquals("linear", thrown.pluginId());
        assertEquals("action-adapter 'linear' is not available: no such plugin is deployed", thrown.getMessage());
    }

    @Test
    void theSameIdInAnotherKindIsNotAConflict() {
        ActionAdapter adapter = action("echo");
        Skill echoSkill = skill("echo");
        registry.addActionAdapter(adapter, reference(bundle(20, "dev.example.actions")));
        registry.addSkill(echoSkill, reference(bundle(10, "dev.example.skills")));

        assertSame(adapter, registry.require(ActionAdapter.class, "echo"));
        assertSame(echoSkill, registry.require(Skill.class, "echo"));
        assertEquals(List.of(PluginKind.ACTION_ADAPTER, PluginKind.SKILL),
                registry.entries().stream().map(PluginEntry::kind).toList());
        assertTrue(registry.entries().stream().allMatch(entry -> entry.state() == PluginState.ACTIVE));
    }

    @Test
    void activeListsOnlyWinnersSortedById() {
        ActionAdapter zeta = action("zeta");
        ActionAdapter alpha = action("alpha");
        registry.addActionAdapter(zeta, reference(bundle(10, "dev.example.a")));
        registry.addActionAdapter(action("alpha"), reference(bundle(30, "dev.example.c")));
        registry.addActionAdapter(alpha, reference(bundle(20, "dev.example.b")));

        assertEquals(List.of(alpha, zeta), registry.active(ActionAdapter.class));
        assertEquals(List.of("alpha", "alpha", "zeta"), registry.entries().stream().map(PluginEntry::id).toList());
    }

    @Test
    void aDeclaredPluginWithoutServiceIsInactiveWithWhatItWaitsFor() {
        Bundle bundle = bundle(10, "dev.example.linear", "action-adapter;id=linear");
        ComponentDescriptionDTO description = component(bundle, "LinearActions");
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = ComponentConfigurationDTO.UNSATISFIED_REFERENCE;
        UnsatisfiedReferenceDTO reference = new UnsatisfiedReferenceDTO();
        reference.name = "httpClient";
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {reference};
        when(scr.getComponentConfigurationDTOs(description)).thenReturn(List.of(configuration));

        PluginEntry entry = registry.entry(PluginKind.ACTION_ADAPTER, "linear").orElseThrow();

        assertEquals(PluginState.INACTIVE, entry.state());
        assertEquals("LinearActions waits for httpClient", entry.error());
        PluginUnavailableException thrown = assertThrows(PluginUnavailableException.class,
                () -> registry.require(ActionAdapter.class, "linear"));
        assertTrue(thrown.getMessage().endsWith("LinearActions waits for httpClient"), thrown.getMessage());
    }

    @Test
    void aDeclaredPluginWhoseComponentFailedIsFailedWithTheRootCause() {
        Bundle bundle = bundle(10, "dev.example.linear", "action-adapter;id=linear");
        ComponentDescriptionDTO description = component(bundle, "LinearActions");
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = ComponentConfigurationDTO.FAILED_ACTIVATION;
        configuration.failure = "org.osgi.service.component.ComponentException: activate failed\n"
                + "\tat org.apache.felix.scr.Foo.bar(Foo.java:1)\n"
                + "Caused by: java.lang.IllegalArgumentException: api.url is missing\n"
                + "\tat dev.example.LinearActions.<init>(LinearActions.java:12)\n";
        when(scr.getComponentConfigurationDTOs(description)).thenReturn(List.of(configuration));

        PluginEntry entry = registry.entry(PluginKind.ACTION_ADAPTER, "linear").orElseThrow();

        assertEquals(PluginState.FAILED, entry.state());
        assertEquals("component LinearActions failed to activate: java.lang.IllegalArgumentException: "
                + "api.url is missing", entry.error());
    }

    @Test
    void aDeclaredPluginThatIsRegisteredIsListedOnce() {
        Bundle bundle = bundle(10, "dev.example.echo", "action-adapter;id=echo");
        registry.addActionAdapter(action("echo"), reference(bundle));

        assertEquals(1, registry.entries().size());
        assertEquals(PluginState.ACTIVE, registry.entries().get(0).state());
    }

    @Test
    void thePluginsOfABundleStoppedOnPurposeAreSimplyAbsent() {
        Bundle bundle = bundle(10, "dev.example.echo", "action-adapter;id=echo");
        when(bundle.getState()).thenReturn(Bundle.RESOLVED);

        assertEquals(List.of(), registry.entries());
    }

    private Bundle bundle(long id, String symbolicName) {
        return bundle(id, symbolicName, null);
    }

    private Bundle bundle(long id, String symbolicName, String pluginHeader) {
        Bundle bundle = mock(Bundle.class);
        when(bundle.getBundleId()).thenReturn(id);
        when(bundle.getSymbolicName()).thenReturn(symbolicName);
        when(bundle.getVersion()).thenReturn(new Version("1.2.3"));
        when(bundle.getState()).thenReturn(Bundle.ACTIVE);
        Hashtable<String, String> headers = new Hashtable<>();
        if (pluginHeader != null) {
            headers.put(PluginHeader.NAME, pluginHeader);
        }
        when(bundle.getHeaders("")).thenReturn(headers);
        installed.add(bundle);
        return bundle;
    }

    @SuppressWarnings("unchecked")
    private <T> ServiceReference<T> reference(Bundle bundle) {
        ServiceReference<T> reference = mock(ServiceReference.class);
        when(reference.getBundle()).thenReturn(bundle);
        when(reference.getProperty(Constants.SERVICE_ID)).thenReturn(nextServiceId++);
        return reference;
    }

    private ComponentDescriptionDTO component(Bundle bundle, String name) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = name;
        when(scr.getComponentDescriptionDTOs(bundle)).thenReturn(List.of(description));
        when(scr.isComponentEnabled(description)).thenReturn(true);
        return description;
    }
}
