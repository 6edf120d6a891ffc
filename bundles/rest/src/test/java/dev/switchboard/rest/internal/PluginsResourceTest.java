package dev.switchboard.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.plugins.PluginEntry;
import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.core.plugins.PluginState;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.spi.Plugin;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.PluginKind;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluginsResourceTest {

    private static final PluginEntry ECHO_ACTIONS = new PluginEntry(PluginKind.ACTION_ADAPTER,
            new PluginDescriptor("echo", "Echo", "1.0.0", "Echoes", "{\"type\":\"object\"}", Set.of("b", "a")),
            new PluginEntry.BundleInfo(12, "dev.example.echo", "1.0.0"), PluginState.ACTIVE, null);
    private static final PluginEntry ECHO_EVENTS = new PluginEntry(PluginKind.TRIGGER_SOURCE,
            PluginDescriptor.of("echo-events", "Echo events", "1.0.0", ""),
            new PluginEntry.BundleInfo(12, "dev.example.echo", "1.0.0"), PluginState.FAILED, "descriptor() threw");

    private final PluginsResource resource = new PluginsResource(new FakeRegistry(List.of(ECHO_ACTIONS, ECHO_EVENTS)));

    @Test
    void listsEveryPlugin() {
        PluginsResource.PluginList list = resource.list(null);

        assertEquals(List.of("echo", "echo-events"), list.items().stream().map(PluginView::id).toList());
        assertNull(list.nextCursor());
        assertEquals(list, resource.list(" "), "a blank kind filters nothing");
    }

    @Test
    void listsThePluginsOfOneKind() {
        assertEquals(List.of("echo-events"),
                resource.list("trigger-source").items().stream().map(PluginView::id).toList());
        assertEquals(List.of(), resource.list("skill").items());
    }

    @Test
    void anUnknownKindInTheQueryIsABadParameter() {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> resource.list("actions"));

        assertEquals(400, problem.status());
        assertEquals("invalid_parameter", problem.code());
        assertEquals(1, problem.errors().size());
        assertEquals("kind", problem.errors().get(0).field());
        assertTrue(problem.getMessage().contains("'actions'"), problem.getMessage());
        assertTrue(problem.getMessage().contains("action-adapter"), problem.getMessage());
    }

    @Test
    void showsOnePluginWithItsOwnerAndState() {
        PluginView view = resource.show("action-adapter", "echo");

        assertEquals(new PluginView("action-adapter", "echo", "Echo", "1.0.0", "Echoes", "{\"type\":\"object\"}",
                List.of("a", "b"), new PluginView.Owner(12, "dev.example.echo", "1.0.0"), "active", null), view);
        assertEquals("failed", resource.show("trigger-source", "echo-events").state());
    }

    @Test
    void anUnknownKindInThePathIsNotFound() {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> resource.show("actions", "echo"));

        assertEquals(404, problem.status());
        assertEquals("plugin_kind_not_found", problem.code());
        assertEquals(List.of(), problem.errors());
    }

    @Test
    void anUnknownIdIsNotFound() {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> resource.show("action-adapter", "linear"));

        assertEquals(404, problem.status());
        assertEquals("plugin_not_found", problem.code());
        assertEquals("no action-adapter with id 'linear' is deployed", problem.getMessage());
    }

    @Test
    void anIdOfAnotherKindIsNotFound() {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> resource.show("skill", "echo"));

        assertEquals("plugin_not_found", problem.code());
    }

    /** A registry holding fixed entries. */
    private record FakeRegistry(List<PluginEntry> entries) implements PluginRegistry {

        @Override
        public Optional<PluginEntry> entry(PluginKind kind, String id) {
            return entries.stream().filter(entry -> entry.kind() == kind && entry.id().equals(id)).findFirst();
        }

        @Override
        public <T extends Plugin> T require(Class<T> kindType, String id) {
            throw new UnsupportedOperationException("not used by the resource");
        }

        @Override
        public <T extends Plugin> List<T> active(Class<T> kindType) {
            throw new UnsupportedOperationException("not used by the resource");
        }
    }
}
