package dev.switchboard.core.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.spi.PluginKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeclaredPluginTest {

    private final List<String> problems = new ArrayList<>();

    @Test
    void parsesEveryClause() {
        List<DeclaredPlugin> declared = DeclaredPlugin.parse(
                "action-adapter;id=echo, trigger-source;id=echo-events,skill; id = \"triage\"", problems);

        assertEquals(List.of(new DeclaredPlugin(PluginKind.ACTION_ADAPTER, "echo"),
                new DeclaredPlugin(PluginKind.TRIGGER_SOURCE, "echo-events"),
                new DeclaredPlugin(PluginKind.SKILL, "triage")), declared);
        assertEquals(List.of(), problems);
    }

    @Test
    void findsTheIdAmongOtherAttributes() {
        assertEquals(List.of(new DeclaredPlugin(PluginKind.SANDBOX_PROVIDER, "local")),
                DeclaredPlugin.parse("sandbox-provider;version=1;id=local", problems));
    }

    @Test
    void anAbsentOrBlankHeaderDeclaresNothing() {
        assertEquals(List.of(), DeclaredPlugin.parse(null, problems));
        assertEquals(List.of(), DeclaredPlugin.parse("  ", problems));
        assertEquals(List.of(), problems);
    }

    @Test
    void skipsClausesItCannotUnderstandAndNamesThem() {
        List<DeclaredPlugin> declared = DeclaredPlugin.parse(
                "action-adapters;id=echo, action-adapter;name=echo, action-adapter;id=Echo, provider-adapter;id=github",
                problems);

        assertEquals(List.of(new DeclaredPlugin(PluginKind.PROVIDER_ADAPTER, "github")), declared);
        assertEquals(List.of(
                "Switchboard-Plugin clause 'action-adapters;id=echo' is not of the form <kind>;id=<id>",
                "Switchboard-Plugin clause 'action-adapter;name=echo' is not of the form <kind>;id=<id>",
                "Switchboard-Plugin clause 'action-adapter;id=Echo' is not of the form <kind>;id=<id>"), problems);
    }

    @Test
    void factoryDeclarationsMatchTheirInstancesByPrefix() {
        DeclaredPlugin family = DeclaredPlugin.parse("provider-adapter;id=nango;factory=true", problems).get(0);

        assertEquals(true, family.factory());
        assertEquals(true, family.matches("nango-linear"));
        assertEquals(false, family.matches("nango"));
        assertEquals(false, family.matches("nangolinear"));
        assertEquals(false, new DeclaredPlugin(PluginKind.PROVIDER_ADAPTER, "nango").matches("nango-linear"));
    }
}
